using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Answers to "when", "by when" and "is there downtime" come from the notice's structured fields, never
/// from its prose, so they stay right after a reschedule. Instants are <see cref="TimeMarkup"/> markers.
/// </summary>
internal static class ScheduleAnswers
{
    /// <summary>The sentence for <paramref name="intent"/>, or null when the notice lacks the field.</summary>
    public static (string Text, AnswerSource Source)? For(Notice notice, QuestionIntent intent) => intent switch
    {
        QuestionIntent.When => Window(notice) is { } w ? (w, AnswerSource.Schedule) : null,
        QuestionIntent.Deadline => Deadline(notice) is { } d ? (d, AnswerSource.Deadline) : null,
        QuestionIntent.Downtime => Downtime(notice) is { } t ? (t, AnswerSource.Downtime) : null,
        _ => null,
    };

    public static string? Window(Notice notice)
    {
        if (notice.WindowStart is not { } start)
        {
            return null;
        }

        var verb = notice.State == NoticeState.Completed ? "ran" : notice.State == NoticeState.InProgress ? "is under way" : "is scheduled";
        var range = notice.WindowEnd is { } end
            ? $"from {TimeMarkup.Mark(start)} to {TimeMarkup.Mark(end)}"
            : $"from {TimeMarkup.Mark(start)}";
        var text = notice.State == NoticeState.InProgress
            ? $"The maintenance for \"{notice.Title}\" is under way: {range}."
            : $"The maintenance for \"{notice.Title}\" {verb} {range}.";
        if (DowntimeClause(notice) is { } downtime)
        {
            text += " " + downtime;
        }

        return notice.ActionDeadline is { } deadline && deadline != start
            ? text + $" Act before {TimeMarkup.Mark(deadline)}."
            : text;
    }

    public static string? Deadline(Notice notice)
    {
        if (notice.ActionDeadline is { } deadline)
        {
            var text = $"The action deadline for \"{notice.Title}\" is {TimeMarkup.Mark(deadline)}.";
            return notice.WindowStart is { } start
                ? text + $" The maintenance starts {TimeMarkup.Mark(start)}."
                : text;
        }

        // No separate deadline: whatever must be done must be done before the change starts.
        return notice.WindowStart is { } windowStart
            ? $"\"{notice.Title}\" has no separate deadline; make any changes before the maintenance starts at {TimeMarkup.Mark(windowStart)}."
            : null;
    }

    public static string? Downtime(Notice notice)
    {
        if (DowntimeClause(notice) is not { } clause)
        {
            return null;
        }

        var window = notice.WindowStart is { } start
            ? $" The maintenance window is {TimeMarkup.Mark(start)}" + (notice.WindowEnd is { } end ? $" to {TimeMarkup.Mark(end)}." : ".")
            : "";
        return $"\"{notice.Title}\": {clause}{window}";
    }

    private static string? DowntimeClause(Notice notice) => notice.Downtime switch
    {
        Notices.Downtime.None => "No downtime is expected: there should be no service interruption.",
        Notices.Downtime.Partial => "Partial downtime is expected during the window: some requests may fail, so retry them.",
        Notices.Downtime.Full => "The service will be unavailable (full downtime) during the window.",
        _ => null,
    };
}
