namespace ChangeBot.Core.Notices;

/// <summary>Date-time and duration syntax shared by notice files and commands such as <c>reschedule</c>.</summary>
public static class NoticeTime
{
    /// <summary>An ISO 8601 value with offset, or a local date-time in <paramref name="timeZone"/>
    /// (IANA id). Throws <see cref="FormatException"/> with a message naming the problem (bad date,
    /// local time without a zone, unknown zone, a local time skipped or repeated by a DST change).</summary>
    public static DateTimeOffset ParseInstant(string value, string? timeZone) => throw new NotImplementedException();

    /// <summary><c>7d</c>, <c>36h</c>, <c>90m</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static TimeSpan ParseDuration(string value) => throw new NotImplementedException();

    /// <summary>The inverse of <see cref="ParseDuration"/>: the largest whole unit (7d, 36h, 90m).</summary>
    public static string FormatDuration(TimeSpan value) => throw new NotImplementedException();
}
