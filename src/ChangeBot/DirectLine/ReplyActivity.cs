using System.Text;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.DirectLine;

/// <summary>
/// Renders a platform-neutral <see cref="Reply"/> as a Direct Line bot activity. Any Direct Line client
/// gets plain text (times in the reader's zone and UTC) and a hero card for the buttons; the built-in
/// page renders the structured parts in <c>channelData.changebot</c>, with the time markers left in so
/// the browser shows them in its own zone.
/// </summary>
internal static class ReplyActivity
{
    public const string BotId = "changebot";
    public const string BotName = "ChangeBot";

    public static JsonObject Create(Reply reply, string? recipientId, string? replyToId, string? timeZone, string? updatesActivityId = null)
    {
        // A bubble longer than this is a wall of text; the rest is one button away.
        reply = ReplyLimits.Cut(reply, ReplyLimits.WebChat);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = BotId, ["name"] = BotName, ["role"] = "bot" },
            ["textFormat"] = "plain",
            ["text"] = PlainText(reply, timeZone),
            ["channelData"] = new JsonObject { ["changebot"] = Structured(reply, updatesActivityId) },
        };
        if (recipientId is not null)
        {
            activity["recipient"] = new JsonObject { ["id"] = recipientId, ["role"] = "user" };
        }

        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }

        if (reply.Buttons.Count > 0)
        {
            activity["attachments"] = new JsonArray(HeroCard(reply));
        }

        return activity;
    }

    public static string PlainText(Reply reply, string? timeZone)
    {
        var text = new StringBuilder();
        if (reply.Title is { Length: > 0 } title)
        {
            text.Append(title);
            if (reply.Severity is { } severity)
            {
                text.Append(" [").Append(SeverityName(severity)).Append(']');
            }

            text.Append("\n\n");
        }

        if (reply.Text.Length > 0)
        {
            text.Append(reply.Text).Append("\n\n");
        }

        foreach (var fact in reply.Facts)
        {
            text.Append(fact.Label).Append(": ").Append(fact.Value).Append('\n');
        }

        if (reply.Facts.Count > 0)
        {
            text.Append('\n');
        }

        foreach (var section in reply.Sections)
        {
            text.Append(section.Heading).Append('\n').Append(section.Text).Append("\n\n");
        }

        return TimeMarkup.RenderPlain(text.ToString().TrimEnd(), timeZone);
    }

    private static JsonObject Structured(Reply reply, string? updatesActivityId)
    {
        var parts = new JsonObject
        {
            ["title"] = reply.Title,
            ["severity"] = reply.Severity is { } severity ? SeverityName(severity) : null,
            ["text"] = reply.Text,
            ["facts"] = new JsonArray([.. reply.Facts.Select(f => new JsonObject { ["label"] = f.Label, ["value"] = f.Value })]),
            ["sections"] = new JsonArray([.. reply.Sections.Select(s => new JsonObject { ["heading"] = s.Heading, ["text"] = s.Text })]),
            ["buttons"] = new JsonArray([.. reply.Buttons.Select(b => new JsonObject
            {
                ["label"] = b.Label,
                ["command"] = b.Command,
                ["style"] = b.Style.ToString().ToLowerInvariant(),
            })]),
            ["noticeId"] = reply.NoticeId,
        };
        if (updatesActivityId is not null)
        {
            parts["updates"] = updatesActivityId;
        }

        return parts;
    }

    /// <summary>The notice-file spelling (docs/writing-notices.md#front-matter-fields).</summary>
    private static string SeverityName(Severity severity) => severity switch
    {
        Severity.ActionRequired => "action-required",
        Severity.Breaking => "breaking",
        _ => "info",
    };

    /// <summary>Web Chat shows a hero card's <c>imBack</c> buttons and posts their value as the user's text,
    /// which is exactly a button's command.</summary>
    private static JsonObject HeroCard(Reply reply) => new()
    {
        ["contentType"] = "application/vnd.microsoft.card.hero",
        ["content"] = new JsonObject
        {
            ["buttons"] = new JsonArray([.. reply.Buttons.Select(b => new JsonObject
            {
                ["type"] = "imBack",
                ["title"] = b.Label,
                ["value"] = b.Command,
            })]),
        },
    };
}
