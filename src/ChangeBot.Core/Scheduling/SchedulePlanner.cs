using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Scheduling;

/// <summary>
/// What should be scheduled for a notice at a given instant: a pure function of (notice, now), so
/// publish, reschedule, cancel and start-up reconciliation are all "plan again, diff, apply".
/// </summary>
public static class SchedulePlanner
{
    public static IReadOnlyList<PlannedJob> Plan(Notice notice, DateTimeOffset now)
    {
        var jobs = new List<PlannedJob>();
        if (notice.State is not (NoticeState.Published or NoticeState.InProgress))
        {
            return jobs;
        }

        if (notice.ActionDeadline is { } deadline)
        {
            // Reminders whose time has passed are not sent; duplicates offsets collapse.
            foreach (var offset in notice.Reminders.Distinct())
            {
                var due = deadline - offset;
                if (due > now)
                {
                    jobs.Add(PlannedJob.Reminder(notice.Id, offset, due));
                }
            }
        }

        if (notice.State == NoticeState.Published && notice.WindowStart is { } start && start > now)
        {
            jobs.Add(PlannedJob.StateChange(notice.Id, start));
        }

        if (notice.WindowEnd is { } end && end > now)
        {
            jobs.Add(PlannedJob.StateChange(notice.Id, end));
        }

        return [.. jobs.OrderBy(j => j.DueAt)];
    }
}

/// <summary>One planned job. <see cref="Key"/> includes the due time, so a moved deadline yields new
/// keys and the old jobs fall out of the plan.</summary>
public sealed record PlannedJob(string Key, string NoticeId, PlannedJobKind Kind, DateTimeOffset DueAt, TimeSpan? ReminderOffset)
{
    public static PlannedJob Reminder(string noticeId, TimeSpan offset, DateTimeOffset due) =>
        new($"{noticeId}|reminder|{(long)offset.TotalMinutes}|{due.ToUnixTimeSeconds()}", noticeId, PlannedJobKind.Reminder, due, offset);

    public static PlannedJob StateChange(string noticeId, DateTimeOffset due) =>
        new($"{noticeId}|state|{due.ToUnixTimeSeconds()}", noticeId, PlannedJobKind.StateChange, due, null);
}

public enum PlannedJobKind { Reminder, StateChange }
