using ChangeBot.BotFramework.Connector;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Conversations;

namespace ChangeBot.BotFramework.Cards;

/// <summary>
/// Turns a reply into the Teams message that carries it: plain text for a bare sentence, an Adaptive Card
/// for anything with structure, buttons or times. Text and card never share one activity, because Teams
/// splits such a message in two and returns no id to update later (docs/platforms.md#teams-messages).
/// </summary>
internal static class ReplyActivityBuilder
{
    /// <summary>Teams accepts about 100 KB per bot message; older documentation said 40 KB, which we keep
    /// as our budget so a card never fails for size.</summary>
    public const int MaxActivityBytes = 40 * 1024;

    public static OutboundActivity? Build(Reply reply, string? readerTimeZone = null)
    {
        reply = ReplyLimits.Cut(reply, ReplyLimits.Teams);
        if (IsPlain(reply))
        {
            if (string.IsNullOrWhiteSpace(reply.Text))
            {
                return null;
            }

            var text = Fit(TimeMarkup.RenderPlain(reply.Text, readerTimeZone), MaxActivityBytes / 4);
            return new OutboundActivity { Text = text, TextFormat = "plain" };
        }

        var activity = CardActivity(reply, null);
        if (ConnectorClient.MeasureBytes(activity) <= MaxActivityBytes)
        {
            return activity;
        }

        return Shrink(reply);
    }

    private static bool IsPlain(Reply reply) =>
        reply.Title is null && reply.Severity is null && reply.Facts.Count == 0 && reply.Sections.Count == 0
        && reply.Buttons.Count == 0 && !reply.Text.Contains("{{time:", StringComparison.Ordinal);

    /// <summary>Drops sections from the end, then shortens the text, until the card fits, and says so on the card.</summary>
    private static OutboundActivity Shrink(Reply reply)
    {
        var note = reply.NoticeId is null
            ? "Part of this message was left out because it is too long for Teams."
            : $"Part of this message was left out because it is too long for Teams; type \"notice {reply.NoticeId}\" for the whole notice.";
        var trimmed = ReplyLimits.WithShowWholeNotice(reply);
        while (trimmed.Sections.Count > 0)
        {
            trimmed = trimmed with { Sections = [.. trimmed.Sections.Take(trimmed.Sections.Count - 1)] };
            var candidate = CardActivity(trimmed, note);
            if (ConnectorClient.MeasureBytes(candidate) <= MaxActivityBytes)
            {
                return candidate;
            }
        }

        var room = Math.Max(0, MaxActivityBytes - ConnectorClient.MeasureBytes(CardActivity(trimmed with { Text = "" }, note)));
        while (true)
        {
            var candidate = CardActivity(trimmed with { Text = Fit(trimmed.Text, room) }, note);
            if (room == 0 || ConnectorClient.MeasureBytes(candidate) <= MaxActivityBytes)
            {
                return candidate;
            }

            // Escaping and time markers make text longer on the wire than in characters: halve and retry.
            room /= 2;
        }
    }

    private static OutboundActivity CardActivity(Reply reply, string? omittedNote) => new()
    {
        Summary = Summary(reply),
        Attachments = [new OutboundAttachment(OutboundAttachment.AdaptiveCardType, AdaptiveCardRenderer.Render(reply, omittedNote))],
    };

    /// <summary>The notification preview: the title, or the start of the text.</summary>
    private static string Summary(Reply reply) =>
        Fit(reply.Title ?? TimeMarkup.RenderPlain(reply.Text, null), 120) is { Length: > 0 } summary ? summary : "ChangeBot";

    private static string Fit(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxChars - 1)), "…");
}
