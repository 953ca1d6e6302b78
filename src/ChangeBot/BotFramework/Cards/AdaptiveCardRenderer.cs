using System.Globalization;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Turns;

namespace ChangeBot.BotFramework.Cards;

/// <summary>
/// Renders a platform-neutral <see cref="Reply"/> as an Adaptive Card 1.5 (the newest version Teams
/// renders, docs/platforms.md#adaptive-cards). Pure: the same reply always gives the same card.
/// </summary>
internal static class AdaptiveCardRenderer
{
    public const string Version = "1.5";

    /// <summary>Action.Submit data key holding the button's typed action (<see cref="ButtonActionJson"/>).</summary>
    public const string ActionKey = "changebotAction";

    /// <summary>Action.Submit data key of cards sent before buttons carried typed actions: the command text.</summary>
    public const string LegacyCommandKey = "changebot";

    /// <summary>Action.Submit data key naming the notice the card is about (the question context).</summary>
    public const string NoticeKey = "changebotNotice";

    /// <summary>The input a button that needs a target asks for (<see cref="ButtonAction.NeedsTarget"/>).</summary>
    public const string TargetInputId = "changebotTarget";

    public static JsonObject Render(Reply reply, string? omittedNote = null)
    {
        var body = new JsonArray();
        if (reply.Severity is { } severity)
        {
            body.Add(SeverityBanner(severity));
        }

        if (!string.IsNullOrWhiteSpace(reply.Title))
        {
            body.Add(TextBlock(reply.Title, ("size", "Large"), ("weight", "Bolder")));
        }

        if (!string.IsNullOrWhiteSpace(reply.Text))
        {
            body.Add(TextBlock(reply.Text));
        }

        if (reply.Facts.Count > 0)
        {
            var facts = new JsonArray();
            foreach (var fact in reply.Facts)
            {
                facts.Add(new JsonObject { ["title"] = fact.Label, ["value"] = Times(EscapeMarkdown(fact.Value)) });
            }

            body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        }

        foreach (var section in reply.Sections)
        {
            body.Add(TextBlock(section.Heading, ("weight", "Bolder"), ("spacing", "Medium")));
            body.Add(TextBlock(section.Text));
        }

        if (omittedNote is not null)
        {
            body.Add(TextBlock(omittedNote, ("isSubtle", true), ("size", "Small")));
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
        };
        if (reply.Buttons.Count > 0)
        {
            var actions = new JsonArray();
            foreach (var button in reply.Buttons)
            {
                actions.Add(Action(button, reply.NoticeId));
            }

            card["actions"] = actions;
        }

        return card;
    }

    /// <summary>
    /// Time markers become Adaptive Card DATE/TIME functions, which Teams shows in the reader's own zone,
    /// followed by the UTC time in words so every reader sees the same reference.
    /// </summary>
    public static string Times(string text) => TimeMarkup.Render(text, instant =>
    {
        var iso = instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({iso}, SHORT)}}}} {{{{TIME({iso})}}}} ({TimeMarkup.RenderPlain(instant, null)})";
    });

    private static JsonObject Action(ReplyButton button, string? noticeId)
    {
        var data = new JsonObject { [ActionKey] = ButtonActionJson.ToJson(button.Action) };
        if (noticeId is not null)
        {
            data[NoticeKey] = noticeId;
        }

        // A suggested target is checked as it is (Teams has no prefilled prompt to offer it in); without one, ask.
        if (button.Action is not { NeedsTarget: true, SuggestedTarget: null })
        {
            var submit = new JsonObject { ["type"] = "Action.Submit", ["title"] = button.Label, ["data"] = data };
            if (button.Style != ButtonStyle.Default)
            {
                submit["style"] = button.Style == ButtonStyle.Primary ? "positive" : "destructive";
            }

            return submit;
        }

        var input = new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = TargetInputId,
            ["label"] = "Endpoint",
            ["placeholder"] = "host[:port] or https URL",
            ["isRequired"] = true,
            ["errorMessage"] = "Enter the host name or URL to check.",
        };
        var prompt = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = new JsonArray(input),
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Submit", ["title"] = "Check", ["data"] = data }),
        };
        return new JsonObject { ["type"] = "Action.ShowCard", ["title"] = button.Label, ["card"] = prompt };
    }

    private static JsonObject SeverityBanner(Severity severity)
    {
        var (style, label) = severity switch
        {
            Severity.Breaking => ("attention", "Breaking change"),
            Severity.ActionRequired => ("warning", "Action required"),
            _ => ("accent", "Information"),
        };
        return new JsonObject
        {
            ["type"] = "Container",
            ["style"] = style,
            ["bleed"] = true,
            ["items"] = new JsonArray(TextBlock(label, ("weight", "Bolder"), ("size", "Small"))),
        };
    }

    private static JsonObject TextBlock(string text, params (string Key, JsonNode Value)[] extra)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = Times(EscapeMarkdown(text)), ["wrap"] = true };
        foreach (var (key, value) in extra)
        {
            block[key] = value;
        }

        return block;
    }

    /// <summary>
    /// Reply text is plain (user questions, notice text), but TextBlock and FactSet values render a Markdown subset:
    /// unescaped, a question's <c>[Reset your password](https://evil.example)</c> would show support staff a link
    /// that lies. Backslash-escaping Markdown's punctuation shows it literally, as Slack's escaping does there.
    /// Time markers (<c>{{time:…}}</c>) use none of these characters, so they still render.
    /// </summary>
    public static string EscapeMarkdown(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (MarkdownPunctuation.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private const string MarkdownPunctuation = "\\`*_[]()<>#!|~";
}
