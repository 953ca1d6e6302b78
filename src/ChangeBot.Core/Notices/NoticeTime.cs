using System.Globalization;
using System.Text.RegularExpressions;

namespace ChangeBot.Core.Notices;

/// <summary>Date-time and duration syntax shared by notice files and commands such as <c>reschedule</c>.</summary>
public static partial class NoticeTime
{
    /// <summary>Longest accepted duration; keeps arithmetic on deadlines far from overflow.</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    /// <summary>An ISO 8601 value with offset, or a local date-time in <paramref name="timeZone"/>
    /// (IANA id). Throws <see cref="FormatException"/> with a message naming the problem (bad date,
    /// local time without a zone, unknown zone, a local time skipped or repeated by a DST change).</summary>
    public static DateTimeOffset ParseInstant(string value, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var match = DateTimePattern().Match(text);
        if (!match.Success)
        {
            throw new FormatException(
                $"'{value}' is not a date-time; write 2016-12-06T07:00 (local, with a time zone) or 2016-12-06T07:00-08:00");
        }

        var local = ParseLocal(match, value);
        var offset = match.Groups["offset"];
        if (offset.Success)
        {
            return new DateTimeOffset(local, ParseOffset(offset.Value, value));
        }

        if (string.IsNullOrWhiteSpace(timeZone))
        {
            throw new FormatException(
                $"'{value}' is a local time but no time zone is given; add a timezone (IANA id such as America/Los_Angeles) or an offset such as -08:00");
        }

        return FromLocal(local, FindZone(timeZone), value);
    }

    /// <summary><c>7d</c>, <c>36h</c>, <c>90m</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static TimeSpan ParseDuration(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var match = DurationPattern().Match(value.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{value}' is not a duration; write a whole number and a unit: 7d, 36h or 90m");
        }

        // At most 7 digits, so the multiplication below cannot overflow.
        var amount = long.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        var duration = match.Groups["unit"].Value switch
        {
            "d" => TimeSpan.FromDays(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromMinutes(amount),
        };
        if (duration <= TimeSpan.Zero)
        {
            throw new FormatException($"'{value}' is not a positive duration");
        }

        if (duration > MaxDuration)
        {
            throw new FormatException($"'{value}' is longer than the longest allowed duration (3650d)");
        }

        return duration;
    }

    /// <summary>The inverse of <see cref="ParseDuration"/>: the largest whole unit (7d, 36h, 90m).</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A duration must be a positive whole number of minutes.");
        }

        var minutes = value.Ticks / TimeSpan.TicksPerMinute;
        return minutes % (24 * 60) == 0 ? FormattableString.Invariant($"{minutes / (24 * 60)}d")
            : minutes % 60 == 0 ? FormattableString.Invariant($"{minutes / 60}h")
            : FormattableString.Invariant($"{minutes}m");
    }

    /// <summary>True when <paramref name="value"/> looks like a date-time without an offset, i.e. it needs a zone.</summary>
    internal static bool IsLocal(string value)
    {
        var match = DateTimePattern().Match(value.Trim());
        return match.Success && !match.Groups["offset"].Success;
    }

    /// <summary>The zone for an IANA id; <see cref="FormatException"/> for unknown ids and for Windows ids,
    /// which .NET on Linux would otherwise accept but notices must not depend on.</summary>
    internal static TimeZoneInfo FindZone(string timeZone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone) && zone.HasIanaId)
        {
            return zone;
        }

        throw new FormatException($"unknown time zone '{timeZone}'; use an IANA id such as America/Los_Angeles or Europe/Berlin");
    }

    private static DateTime ParseLocal(Match match, string original)
    {
        var date = match.Groups["date"].Value;
        var time = match.Groups["time"].Value;
        if (time.Length == 5)
        {
            time += ":00";
        }

        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];
        if (!DateTime.TryParseExact($"{date} {time}", formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new FormatException($"'{original}' is not a valid date-time (no such day or time of day)");
        }

        return local;
    }

    private static TimeSpan ParseOffset(string offset, string original)
    {
        if (offset is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var digits = offset.Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(digits.AsSpan(3, 2), CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            throw new FormatException($"'{original}' has an impossible UTC offset {offset}");
        }

        var span = new TimeSpan(hours, minutes, 0);
        return digits[0] == '-' ? -span : span;
    }

    private static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone, string original)
    {
        if (zone.IsInvalidTime(local))
        {
            throw new FormatException(
                $"'{original}' does not exist in {zone.Id}: the clocks skip that local time at a daylight saving change; give an offset or another time");
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = string.Join(" or ", zone.GetAmbiguousTimeOffsets(local).OrderDescending().Select(FormatOffset));
            throw new FormatException(
                $"'{original}' is ambiguous in {zone.Id}: the clocks repeat that local time at a daylight saving change ({offsets}); give an offset to say which");
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?)(?<offset>Z|z|[+-][0-9]{2}:?[0-9]{2})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^(?<amount>[0-9]{1,7})(?<unit>[dhm])\z", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
