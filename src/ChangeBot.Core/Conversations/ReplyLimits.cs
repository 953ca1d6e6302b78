namespace ChangeBot.Core.Conversations;

/// <summary>
/// Long replies are cut where a platform stops showing text in one part (web chat's page 2,000 characters,
/// a Slack section 3,000, a Teams card about 4,000), never in the middle of a time marker, and a reply about a
/// notice then offers the whole notice, which <c>notice &lt;id&gt;</c> shows in pages of that size.
/// </summary>
public static class ReplyLimits
{
    public const int WebChat = 2_000;
    public const int Slack = 3_000;
    public const int Teams = 4_000;

    public const string ShowWholeNoticeLabel = "Show the whole notice";

    /// <summary>Cuts <see cref="Reply.Text"/> and each section's text to <paramref name="maxPartChars"/>; when
    /// anything was cut and the reply is about a notice, adds a "Show the whole notice" button (once).</summary>
    public static Reply Cut(Reply reply, int maxPartChars)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var cut = reply.Text.Length > maxPartChars || reply.Sections.Any(s => s.Text.Length > maxPartChars);
        if (!cut)
        {
            return reply;
        }

        var shortened = reply with
        {
            Text = Shorten(reply.Text, maxPartChars),
            Sections = [.. reply.Sections.Select(s => s with { Text = Shorten(s.Text, maxPartChars) })],
        };
        return reply.NoticeId is null ? shortened : WithShowWholeNotice(shortened);
    }

    /// <summary>The reply with a "Show the whole notice" button, unless it has one or is not about a notice.</summary>
    public static Reply WithShowWholeNotice(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.NoticeId is not { } id || reply.Buttons.Any(b => b.Action == ButtonAction.ShowNotice(id)))
        {
            return reply;
        }

        return reply with { Buttons = [.. reply.Buttons, new ReplyButton(ShowWholeNoticeLabel, ButtonAction.ShowNotice(id))] };
    }

    /// <summary><paramref name="text"/> in pieces of at most <paramref name="maxChars"/>, broken between paragraphs,
    /// else between words, and never inside a time marker.</summary>
    public static IReadOnlyList<string> Split(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        var rest = text.Trim();
        while (rest.Length > maxChars)
        {
            var at = BreakBefore(rest, maxChars);
            pieces.Add(rest[..at].TrimEnd());
            rest = rest[at..].TrimStart();
        }

        if (rest.Length > 0 || pieces.Count == 0)
        {
            pieces.Add(rest);
        }

        return pieces;
    }

    private static string Shorten(string text, int maxChars) =>
        text.Length <= maxChars ? text : text[..BreakBefore(text, maxChars - 1)].TrimEnd() + "…";

    /// <summary>Where to break so the first part has at most <paramref name="maxChars"/> characters.</summary>
    private static int BreakBefore(string text, int maxChars)
    {
        var limit = Math.Max(1, maxChars);
        var at = text.LastIndexOf("\n\n", limit, StringComparison.Ordinal);
        if (at < limit / 2)
        {
            at = text.LastIndexOfAny([' ', '\n'], limit);
        }

        if (at < limit / 2)
        {
            at = limit;
        }

        // Not inside a {{time:…}} marker: break before its start.
        var open = text.LastIndexOf("{{", Math.Max(0, at - 1), StringComparison.Ordinal);
        if (open >= 0 && text.IndexOf("}}", open, StringComparison.Ordinal) is var close && (close < 0 || close + 2 > at) && open > 0)
        {
            at = open;
        }

        return Math.Clamp(at, 1, text.Length);
    }
}
