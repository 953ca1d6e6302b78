using ChangeBot.Core.Notices;

namespace ChangeBot.Hosting;

/// <summary>
/// The sample notice made current for <c>changebot demo</c>: the same text under its own id, every date
/// moved by one amount so the action deadline is a few minutes from now and a reminder falls in between,
/// so a newcomer sees a notice's whole life (broadcast, reminder, buttons, readiness) in minutes.
/// </summary>
internal static class DemoNotice
{
    public const string IdSuffix = "-demo";

    /// <summary>How far ahead the demo's action deadline is.</summary>
    public static readonly TimeSpan DeadlineIn = TimeSpan.FromMinutes(5);

    /// <summary>The one reminder, this long before the deadline (so a minute after the broadcast).</summary>
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromMinutes(4);

    public static Notice From(Notice sample, DateTimeOffset now)
    {
        var anchor = sample.ActionDeadline ?? sample.WindowStart ?? now;
        var shift = now + DeadlineIn - anchor;
        return sample with
        {
            Id = sample.Id + IdSuffix,
            Title = "Demo: " + sample.Title,
            State = NoticeState.Draft,
            Posted = now,
            WindowStart = sample.WindowStart + shift,
            WindowEnd = sample.WindowEnd + shift,
            ActionDeadline = anchor + shift,
            Reminders = [ReminderBefore],
            Updates = [],
            Revision = 1,
        };
    }
}
