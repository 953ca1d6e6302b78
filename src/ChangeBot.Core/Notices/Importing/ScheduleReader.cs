using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Notices.Importing;

internal sealed record NoticeSchedule(
    string? TimeZone,
    DateTimeOffset? Posted,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd,
    DateTimeOffset? ActionDeadline,
    IReadOnlyList<TimeSpan> Reminders);

/// <summary>Reads <c>timezone</c>, <c>posted</c>, <c>window</c>, <c>action_deadline</c> and <c>reminders</c>,
/// and checks that they fit together (end after start, deadline not after the window ends).</summary>
internal static class ScheduleReader
{
    private static readonly string[] WindowFields = ["start", "end"];

    public static NoticeSchedule Read(YamlFields fields, NoticeErrorList errors)
    {
        var zone = ReadZone(fields, errors, out var zoneUnusable);
        var times = new InstantReader(zone, zoneUnusable, errors);

        var posted = times.Read(fields, "posted");
        var (start, end) = ReadWindow(fields, times, errors);
        var deadline = times.Read(fields, "action_deadline");
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add(times.Line("window.end"), $"window.end ({times.Text("window.end")}) must be after window.start ({times.Text("window.start")})");
        }

        if (deadline is { } d && end is { } windowEnd && d > windowEnd)
        {
            errors.Add(times.Line("action_deadline"),
                $"action_deadline ({times.Text("action_deadline")}) is after the window ends ({times.Text("window.end")}); customers must act before the change is over");
        }

        return new NoticeSchedule(zone, posted, start, end, deadline, ReadReminders(fields, errors));
    }

    private static string? ReadZone(YamlFields fields, NoticeErrorList errors, out bool unusable)
    {
        unusable = false;
        var zone = fields.Text("timezone");
        if (zone is null)
        {
            unusable = fields.Value("timezone") is not null;
            return null;
        }

        try
        {
            return NoticeTime.FindZone(zone).Id;
        }
        catch (FormatException ex)
        {
            errors.Add(fields.Value("timezone")!, $"timezone: {ex.Message}");
            unusable = true;
            return null;
        }
    }

    private static (DateTimeOffset? Start, DateTimeOffset? End) ReadWindow(YamlFields fields, InstantReader times, NoticeErrorList errors)
    {
        if (fields.Value("window") is not { } node || YamlFields.Read(node, "window", WindowFields, errors, fields.LineOf("window")) is not { } window)
        {
            return (null, null);
        }

        var start = times.Read(window, "start");
        var end = times.Read(window, "end");
        foreach (var missing in WindowFields.Where(name => window.Value(name) is null))
        {
            errors.Add(window.LineOf(missing), $"window needs both start and end; window.{missing} is missing");
        }

        return (start, end);
    }

    private static IReadOnlyList<TimeSpan> ReadReminders(YamlFields fields, NoticeErrorList errors)
    {
        if (fields.Value("reminders") is not { } node)
        {
            return Notice.DefaultReminders;
        }

        var reminders = new List<TimeSpan>();
        foreach (var item in YamlFields.Sequence(node, "reminders", "[7d, 1d, 2h]", errors) ?? [])
        {
            if (YamlFields.Scalar(item, "reminders", errors) is not { } text)
            {
                continue;
            }

            try
            {
                var reminder = NoticeTime.ParseDuration(text);
                if (reminders.Contains(reminder))
                {
                    errors.Add(item, $"reminder '{text}' is listed twice");
                }

                reminders.Add(reminder);
            }
            catch (FormatException ex)
            {
                errors.Add(item, $"bad reminder: {ex.Message}");
            }
        }

        return reminders;
    }

    /// <summary>Parses date-time fields in the notice's zone and remembers their text and line for
    /// the cross-field messages.</summary>
    private sealed class InstantReader(string? zone, bool zoneUnusable, NoticeErrorList errors)
    {
        private readonly Dictionary<string, (string Text, int Line)> seen = [];

        public DateTimeOffset? Read(YamlFields fields, string name)
        {
            var path = fields.FieldPath(name);
            if (fields.Value(name) is not { } node || YamlFields.Scalar(node, path, errors) is not { } text)
            {
                return null;
            }

            seen[path] = (text, errors.LineOf(node));
            // A bad timezone is reported once on its own line, not again on every local time.
            if (zoneUnusable && NoticeTime.IsLocal(text))
            {
                return null;
            }

            try
            {
                return NoticeTime.ParseInstant(text, zone);
            }
            catch (FormatException ex)
            {
                errors.Add(node, $"bad date in {path}: {ex.Message}");
                return null;
            }
        }

        public string Text(string path) => seen[path].Text;

        public int Line(string path) => seen[path].Line;
    }
}
