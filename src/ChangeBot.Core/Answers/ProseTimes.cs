using System.Globalization;
using System.Text.RegularExpressions;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Times a notice's prose gives ("on March 9, 2027 between 1:00 AM and 4:00 AM Eastern Time") are in the
/// notice's own zone. The quoted sentence stays as written, and the instants follow it in brackets as
/// <see cref="TimeMarkup"/> markers, so each surface shows them in the reader's zone like the structured
/// times. Only a written date followed closely by clock times is converted: a time alone names no day.
/// </summary>
internal static partial class ProseTimes
{
    public static string InReaderZone(string text, string? timeZone)
    {
        if (string.IsNullOrEmpty(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            return text;
        }

        return DateWithTimes().Replace(text, match =>
        {
            if (ParseDate(match.Groups["date"].Value) is not { } day)
            {
                return match.Value;
            }

            var instants = new List<DateTimeOffset>();
            foreach (Capture time in match.Groups["time"].Captures)
            {
                if (ParseTime(time.Value) is not { } clock)
                {
                    return match.Value;
                }

                var local = day.ToDateTime(clock);
                // "between 10:00 PM and 2:00 AM": a later time earlier on the clock is on the next day.
                if (instants.Count > 0 && local <= instants[^1].DateTime)
                {
                    local = local.AddDays(1);
                }

                var utc = match.Groups["zone"].Value is "UTC" or "GMT";
                instants.Add(new DateTimeOffset(local, utc ? TimeSpan.Zero : zone.GetUtcOffset(local)));
            }

            return $"{match.Value} ({string.Join(" – ", instants.Select(TimeMarkup.Mark))})";
        });
    }

    private static DateOnly? ParseDate(string text)
    {
        string[] formats = ["yyyy-MM-dd", "MMMM d, yyyy", "MMM d, yyyy", "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "MMM d yyyy"];
        return DateOnly.TryParseExact(text.Replace(".", "", StringComparison.Ordinal), formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date)
            ? date
            : null;
    }

    private static TimeOnly? ParseTime(string text)
    {
        var normalised = text.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
        string[] formats = ["H:mm", "h:mm tt", "h:mmtt"];
        return TimeOnly.TryParseExact(normalised, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var time)
            ? time
            : null;
    }

    /// <summary>A date ("March 9, 2027", "9 March 2027", "2027-03-09"), then within a few words one or two
    /// clock times ("2:00", "1:00 AM"), joined by from/to, between/and, a dash; up to the zone's name.</summary>
    [GeneratedRegex(
        @"(?<date>\b(?:\d{4}-\d{2}-\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}))" +
        @",?(?:\s+(?:at|from|between|on|,))*\s+(?<time>\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)" +
        @"(?:\s*(?:to|and|until|–|-)\s*(?<time>\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?))?" +
        @"(?:\s+(?<zone>(?:[A-Z][A-Za-z]+\s){0,2}(?:time|Time)|UTC|GMT)\b)?")]
    private static partial Regex DateWithTimes();
}
