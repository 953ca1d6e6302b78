using System.Globalization;
using System.Text.RegularExpressions;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Slack.Rendering;

/// <summary>
/// Turns plain reply text into safe Slack mrkdwn. Only <c>&amp; &lt; &gt;</c> are escaped
/// (docs/platforms.md#slack-mrkdwn), which is what stops notice or user text from pinging <c>&lt;!channel&gt;</c> or forging
/// <c>&lt;url|label&gt;</c> links; the only tokens in the output are the ones added here.
/// </summary>
internal static partial class SlackMrkdwn
{
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Escaped text with bare http(s) URLs made links (showing the real URL, so a link cannot lie)
    /// and time markers shown in the reader's zone and in UTC.</summary>
    public static string Format(string plain) =>
        TimeMarkup.Render(Linkify(Escape(plain)), DateToken);

    /// <summary>Slack's date token (rendered in each viewer's zone) followed by UTC, e.g.
    /// <c>&lt;!date^1481036400^{date_short_pretty} {time}|Tue 6 Dec 2016 15:00 UTC&gt; (Tue 6 Dec 2016 15:00 UTC)</c>.</summary>
    public static string DateToken(DateTimeOffset instant)
    {
        var utc = TimeMarkup.RenderPlain(instant, null);
        var unix = instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"<!date^{unix}^{{date_short_pretty}} {{time}}|{utc}> ({utc})";
    }

    /// <summary>Plain text for places that are not mrkdwn (header, button labels) or for the notification
    /// fallback: times in UTC.</summary>
    public static string Plain(string text) => TimeMarkup.RenderPlain(text, null);

    /// <summary>Cuts mrkdwn to at most <paramref name="max"/> characters without splitting an
    /// <c>&amp;entity;</c> or a <c>&lt;token&gt;</c>.</summary>
    public static string Truncate(string mrkdwn, int max)
    {
        if (mrkdwn.Length <= max)
        {
            return mrkdwn;
        }

        var cut = max - 1;
        var open = mrkdwn.LastIndexOf('<', cut - 1);
        if (open >= 0 && mrkdwn.IndexOf('>', open) >= cut)
        {
            cut = open;
        }

        var amp = mrkdwn.LastIndexOf('&', cut - 1);
        if (amp >= 0 && amp + 6 > cut && mrkdwn.IndexOf(';', amp) >= cut)
        {
            cut = amp;
        }

        return mrkdwn[..cut] + "…";
    }

    private static string Linkify(string escaped) =>
        Url().Replace(escaped, m =>
        {
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '\'', '"');
            return "<" + url + ">" + m.Value[url.Length..];
        });

    // Stops at whitespace, at '|' (which would start a forged label) and at escaped angle brackets.
    [GeneratedRegex(@"https?://(?:(?!&lt;|&gt;)[^\s<>|])+")]
    private static partial Regex Url();
}
