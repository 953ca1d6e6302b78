using System.Globalization;
using System.Text.RegularExpressions;

namespace ChangeBot.Core.Conversations;

/// <summary>
/// Instants inside reply text are written as markers so each platform can show them in the reader's
/// own zone (Slack's date token, Adaptive Card DATE/TIME functions, the browser's zone) and always in UTC.
/// </summary>
public static partial class TimeMarkup
{
    /// <summary>A marker for <paramref name="instant"/>, e.g. <c>{{time:1481036400}}</c>.</summary>
    public static string Mark(DateTimeOffset instant) =>
        "{{time:" + instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "}}";

    /// <summary>Replaces every marker with <paramref name="render"/>'s text.</summary>
    public static string Render(string text, Func<DateTimeOffset, string> render) =>
        Marker().Replace(text, m => render(DateTimeOffset.FromUnixTimeSeconds(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))));

    /// <summary>The fallback rendering: UTC, plus the given zone when it is not UTC.
    /// "Tue 6 Dec 2016 15:00 UTC (07:00 PST, America/Los_Angeles)".</summary>
    public static string RenderPlain(DateTimeOffset instant, string? timeZone)
    {
        var utc = instant.ToUniversalTime();
        var text = utc.ToString("ddd d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(timeZone) || timeZone is "UTC" or "Etc/UTC"
            || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            return text;
        }

        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var sameDay = local.Date == utc.Date;
        var localText = local.ToString(sameDay ? "HH:mm" : "ddd d MMM HH:mm", CultureInfo.InvariantCulture);
        return $"{text} ({localText} {timeZone})";
    }

    public static string RenderPlain(string text, string? timeZone) => Render(text, t => RenderPlain(t, timeZone));

    [GeneratedRegex(@"\{\{time:(-?\d{1,12})\}\}")]
    private static partial Regex Marker();
}
