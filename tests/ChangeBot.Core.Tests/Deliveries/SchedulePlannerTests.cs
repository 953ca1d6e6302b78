using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Scheduling;

namespace ChangeBot.Core.Tests.Deliveries;

public sealed class SchedulePlannerTests
{
    private static readonly DateTimeOffset LongBefore = new(2016, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_PublishedNotice_RemindsAtEachDefaultOffsetBeforeTheDeadline()
    {
        var notice = DeliveryHarness.SampleNotice() with { State = NoticeState.Published };

        var reminders = SchedulePlanner.Plan(notice, LongBefore).Where(j => j.Kind == PlannedJobKind.Reminder).Select(j => j.DueAt);

        Assert.Equal(
        [
            new DateTimeOffset(2016, 11, 29, 15, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2016, 12, 5, 15, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2016, 12, 6, 13, 0, 0, TimeSpan.Zero),
        ], reminders);
    }

    [Fact]
    public void Plan_DeadlineJustAfterTheDstChange_CountsOffsetsInElapsedTime()
    {
        // Deadline Mon 7 Nov 2016 09:00 PST (17:00 UTC); clocks fell back on Sun 6 Nov at 02:00 PDT.
        // "7d before" is 168 elapsed hours: 31 Oct 17:00 UTC, which is 10:00 PDT on the wall clock.
        var deadline = new DateTimeOffset(2016, 11, 7, 9, 0, 0, TimeSpan.FromHours(-8));
        var notice = DeliveryHarness.SampleNotice() with
        {
            State = NoticeState.Published,
            ActionDeadline = deadline,
            WindowStart = deadline,
            WindowEnd = deadline.AddHours(4),
            Reminders = [TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.FromHours(2)],
        };

        var due = SchedulePlanner.Plan(notice, new DateTimeOffset(2016, 10, 1, 0, 0, 0, TimeSpan.Zero))
            .Where(j => j.Kind == PlannedJobKind.Reminder).Select(j => j.DueAt.ToUniversalTime()).ToList();

        Assert.Equal(new DateTimeOffset(2016, 10, 31, 17, 0, 0, TimeSpan.Zero), due[0]);
        Assert.Equal(new DateTimeOffset(2016, 11, 6, 17, 0, 0, TimeSpan.Zero), due[1]);
        Assert.Equal(new DateTimeOffset(2016, 11, 7, 15, 0, 0, TimeSpan.Zero), due[2]);
        var pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        Assert.Equal(10, TimeZoneInfo.ConvertTime(due[0], pacific).Hour); // PDT, before the change
        Assert.Equal(9, TimeZoneInfo.ConvertTime(due[1], pacific).Hour);  // PST, after it
    }

    [Fact]
    public void Plan_OffsetsAlreadyPast_AreNotPlanned()
    {
        var notice = DeliveryHarness.SampleNotice() with { State = NoticeState.Published };
        var now = new DateTimeOffset(2016, 12, 5, 16, 0, 0, TimeSpan.Zero); // after the 1d reminder

        var reminders = SchedulePlanner.Plan(notice, now).Where(j => j.Kind == PlannedJobKind.Reminder).ToList();

        Assert.Single(reminders);
        Assert.Equal(TimeSpan.FromHours(2), reminders[0].ReminderOffset);
    }

    [Theory]
    [InlineData(NoticeState.Draft)]
    [InlineData(NoticeState.Cancelled)]
    [InlineData(NoticeState.Completed)]
    public void Plan_NoticeNotActive_PlansNothing(NoticeState state)
    {
        var notice = DeliveryHarness.SampleNotice() with { State = state };

        Assert.Empty(SchedulePlanner.Plan(notice, LongBefore));
    }

    [Fact]
    public void Plan_PublishedNotice_PlansWindowStartAndEndStateChanges()
    {
        var notice = DeliveryHarness.SampleNotice() with { State = NoticeState.Published };

        var states = SchedulePlanner.Plan(notice, LongBefore).Where(j => j.Kind == PlannedJobKind.StateChange).Select(j => j.DueAt);

        Assert.Equal([notice.WindowStart!.Value, notice.WindowEnd!.Value], states);
    }

    [Fact]
    public void Plan_MovedDeadline_ChangesTheReminderKeys()
    {
        var notice = DeliveryHarness.SampleNotice() with { State = NoticeState.Published };
        var moved = notice with { ActionDeadline = notice.ActionDeadline!.Value.AddHours(-1) };

        var before = SchedulePlanner.Plan(notice, LongBefore).Where(j => j.Kind == PlannedJobKind.Reminder).Select(j => j.Key);
        var after = SchedulePlanner.Plan(moved, LongBefore).Where(j => j.Kind == PlannedJobKind.Reminder).Select(j => j.Key);

        Assert.Empty(before.Intersect(after));
    }
}
