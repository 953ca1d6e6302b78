using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

using ChangeBot.Turns;

namespace ChangeBot.Slack.Rendering;

/// <summary>A rendered Slack message: notification fallback <see cref="Text"/> plus Block Kit blocks.</summary>
internal sealed record SlackMessage(string Text, JsonArray Blocks);

/// <summary>
/// Renders a <see cref="Reply"/> as Block Kit within Slack's limits (docs/platforms.md#slack-block-kit). Pure: the
/// same reply always gives the same JSON.
/// </summary>
internal static class BlockKitRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxFieldText = 2000;
    public const int MaxFieldsPerSection = 10;
    public const int MaxHeaderText = 150;
    public const int MaxButtons = 25;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxFallbackText = 3000;

    /// <summary>Slack rejects payloads well below the sum of per-block limits (msg_blocks_too_long near
    /// 13k characters), so the text of all blocks together keeps under this.</summary>
    public const int MaxTotalText = 11_000;

    public static SlackMessage Render(Reply reply)
    {
        reply = ReplyLimits.Cut(reply, ReplyLimits.Slack);
        var (message, truncated) = RenderWithin(reply);
        var withButton = ReplyLimits.WithShowWholeNotice(reply);
        return truncated && withButton != reply ? RenderWithin(withButton).Message : message;
    }

    private static (SlackMessage Message, bool Truncated) RenderWithin(Reply reply)
    {
        // Buttons are placed last but budgeted first: they are what the reader acts on.
        var buttons = Buttons(reply.Buttons);
        var blocks = new BlockBudget(buttons.Sum(b => b!["text"]!["text"]!.GetValue<string>().Length));
        if (!string.IsNullOrWhiteSpace(reply.Title))
        {
            blocks.Add(Header(reply.Title), reply.Title.Length);
        }

        if (reply.Severity is { } severity || reply.NoticeId is not null)
        {
            var label = reply.Severity is { } s ? $"{SeverityEmoji(s)} *{SeverityLabel(s)}*" : "";
            var id = reply.NoticeId is null ? "" : $"`{SlackMrkdwn.Escape(reply.NoticeId)}`";
            blocks.Add(Context(string.Join("  ·  ", new[] { label, id }.Where(p => p.Length > 0))), 100);
        }

        foreach (var chunk in Chunks(reply.Text))
        {
            blocks.AddSection(chunk);
        }

        foreach (var group in reply.Facts.Chunk(MaxFieldsPerSection))
        {
            var fields = new JsonArray();
            var length = 0;
            foreach (var fact in group)
            {
                var text = SlackMrkdwn.Truncate($"*{SlackMrkdwn.Escape(SlackMrkdwn.Plain(fact.Label))}*\n{SlackMrkdwn.Format(fact.Value)}", MaxFieldText);
                fields.Add(Mrkdwn(text));
                length += text.Length;
            }

            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields }, length);
        }

        foreach (var section in reply.Sections)
        {
            blocks.AddSection($"*{SlackMrkdwn.Escape(SlackMrkdwn.Plain(section.Heading))}*\n{SlackMrkdwn.Format(section.Text)}");
        }

        if (buttons.Count > 0)
        {
            blocks.AddLast(new JsonObject { ["type"] = "actions", ["elements"] = buttons });
        }

        return (new SlackMessage(Fallback(reply), blocks.Build(reply.NoticeId)), blocks.Truncated);
    }

    public static string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Breaking => "Breaking",
        Severity.ActionRequired => "Action required",
        _ => "Info",
    };

    private static string SeverityEmoji(Severity severity) => severity switch
    {
        Severity.Breaking => ":rotating_light:",
        Severity.ActionRequired => ":warning:",
        _ => ":information_source:",
    };

    private static string Fallback(Reply reply)
    {
        var parts = new List<string>();
        if (reply.Severity is { } s && reply.Title is not null)
        {
            parts.Add($"[{SeverityLabel(s)}] {reply.Title}");
        }
        else if (reply.Title is not null)
        {
            parts.Add(reply.Title);
        }

        if (reply.Text.Length > 0)
        {
            parts.Add(reply.Text);
        }

        var text = SlackMrkdwn.Escape(SlackMrkdwn.Plain(string.Join("\n", parts)));
        return SlackMrkdwn.Truncate(text.Length == 0 ? "ChangeBot" : text, MaxFallbackText);
    }

    private static IEnumerable<string> Chunks(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        // Split on paragraphs first so long replies break where a reader expects.
        var current = "";
        foreach (var paragraph in text.Split("\n\n"))
        {
            var formatted = SlackMrkdwn.Format(paragraph);
            if (current.Length > 0 && current.Length + 2 + formatted.Length > MaxSectionText)
            {
                yield return current;
                current = "";
            }

            current = current.Length == 0 ? formatted : current + "\n\n" + formatted;
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }

    private static JsonArray Buttons(IReadOnlyList<ReplyButton> buttons)
    {
        var elements = new JsonArray();
        var index = 0;
        // The value carries the typed action (the dispatcher routes by it); one too long for Slack is left out.
        var valued = buttons.Select(b => (Button: b, Value: ButtonActionJson.ToJson(b.Action).ToJsonString()));
        foreach (var (button, value) in valued.Where(b => b.Value.Length <= MaxButtonValue).Take(MaxButtons))
        {
            var label = SlackMrkdwn.Plain(button.Label);
            var element = new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = $"changebot-{index++}",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label.Length > MaxButtonText ? label[..(MaxButtonText - 1)] + "…" : label, ["emoji"] = true },
                ["value"] = value,
            };
            if (button.Style != ButtonStyle.Default)
            {
                element["style"] = button.Style == ButtonStyle.Primary ? "primary" : "danger";
            }

            elements.Add(element);
        }

        return elements;
    }

    internal static JsonObject Header(string title)
    {
        var text = SlackMrkdwn.Plain(title);
        return new JsonObject
        {
            ["type"] = "header",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text.Length > MaxHeaderText ? text[..(MaxHeaderText - 1)] + "…" : text, ["emoji"] = true },
        };
    }

    internal static JsonObject Context(string mrkdwn) =>
        new() { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(mrkdwn)) };

    // verbatim: Slack must not turn names or URLs in notice text into mentions or links on its own.
    internal static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true };
}
