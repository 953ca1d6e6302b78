using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Scheduling;

namespace ChangeBot.Core.Tests.Deliveries;

public sealed class ReminderTests
{
    private static readonly DateTimeOffset AfterEverything = new(2016, 12, 31, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminders_UnansweredChannel_GetsOneAtEachOffsetInItsThread()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        await h.RunScheduledUntilAsync(new DateTimeOffset(2016, 12, 6, 14, 0, 0, TimeSpan.Zero));

        var posts = h.Channel.Posted.Where(p => p.To == channel).ToList();
        var reminders = posts.Where(p => p.Reply.Title!.StartsWith("Reminder", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(posts[0].Id, r.Thread));
        Assert.StartsWith("7 days left", reminders[0].Reply.Text, StringComparison.Ordinal);
        Assert.StartsWith("2 hours left", reminders[2].Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_DeadlineWithAFractionOfASecond_AreStillSent()
    {
        // Job keys carry the due time in whole seconds (SchedulePlanner); a deadline computed from "now"
        // (the demo's) has a fraction, and the job must still recognise its own reminder.
        var h = new DeliveryHarness();
        var sample = DeliveryHarness.SampleNotice();
        await h.ImportAsync(sample with { ActionDeadline = sample.ActionDeadline!.Value.AddMilliseconds(437) });
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        await h.RunScheduledUntilAsync(new DateTimeOffset(2016, 12, 6, 14, 0, 0, TimeSpan.Zero));

        Assert.Equal(3, h.Channel.PostedTo(channel).Count(r => r.Title!.StartsWith("Reminder", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(AckAnswer.Ready, 0)]
    [InlineData(AckAnswer.NotAffected, 0)]
    [InlineData(AckAnswer.NeedHelp, 3)]
    public async Task Reminders_AfterAnAnswer_StopUnlessHelpIsNeeded(AckAnswer answer, int expectedReminders)
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        await h.Operations.AcknowledgeAsync("tls-change", answer, channel, new Actor("test:u1", "test"));
        await h.RunScheduledUntilAsync(AfterEverything);

        Assert.Equal(expectedReminders, h.Channel.PostedTo(channel).Count(r => r.Title!.StartsWith("Reminder", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reminders_LatestAnswerCounts()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        await h.Operations.AcknowledgeAsync("tls-change", AckAnswer.Ready, channel, new Actor("test:u1", "test"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Operations.AcknowledgeAsync("tls-change", AckAnswer.NeedHelp, channel, new Actor("test:u2", "test"));

        await h.RunScheduledUntilAsync(AfterEverything);

        Assert.Equal(3, h.Channel.PostedTo(channel).Count(r => r.Title!.StartsWith("Reminder", StringComparison.Ordinal)));
        var readiness = await h.Operations.GetReadinessAsync("tls-change");
        Assert.Contains("needs help (by test:u2", readiness.Reply.Sections.Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_AfterSomeOffsetsPassed_SchedulesOnlyTheRemainingReminders()
    {
        var h = new DeliveryHarness();
        h.Time.SetUtcNow(new DateTimeOffset(2016, 12, 5, 16, 0, 0, TimeSpan.Zero));
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        await h.RunScheduledUntilAsync(new DateTimeOffset(2016, 12, 6, 14, 59, 0, TimeSpan.Zero));

        Assert.Single(h.Channel.PostedTo(channel), r => r.Title!.StartsWith("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweep_ReminderDueButNotYetRun_LeavesItsJobToRun()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        var first = h.Jobs.Scheduled.Values.OrderBy(j => j.DueAt).First();

        // The minutely sweep runs a moment after the first reminder fell due, before Hangfire ran it.
        h.Time.Advance(first.DueAt - h.Time.GetUtcNow() + TimeSpan.FromMilliseconds(500));
        await h.NoticeJobs.SweepAsync();
        await h.RunScheduledUntilAsync(h.Time.GetUtcNow());

        Assert.Empty(h.Jobs.Deleted);
        Assert.Equal(1, h.Channel.PostedTo(channel).Count(r => r.Title!.StartsWith("Reminder", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reschedule_MovesExactlyThePendingReminderJobs()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        var before = h.Jobs.Scheduled.Where(j => j.Value.Kind == PlannedJobKind.Reminder).ToDictionary();

        var result = await h.Operations.RescheduleAsync("tls-change", "2016-12-06T06:00:00-08:00", DeliveryHarness.Support);

        Assert.True(result.Succeeded, result.Reply.Text);
        Assert.Equal(before.Keys.Order(), h.Jobs.Deleted.Order());
        var after = h.Jobs.Scheduled.Values.Where(j => j.Kind == PlannedJobKind.Reminder).Select(j => j.DueAt).Order();
        Assert.Equal(before.Values.Select(j => j.DueAt.AddHours(-1)).Order(), after);
        // Window state jobs did not move.
        Assert.Equal(2, h.Jobs.Scheduled.Values.Count(j => j.Kind == PlannedJobKind.StateChange));
    }

    [Theory]
    [InlineData("next tuesday")]
    [InlineData("2016-12-07T12:00:00Z")] // after the window ends
    [InlineData("2016-11-01T12:00:00Z")] // in the past
    public async Task Reschedule_BadDeadline_IsRefusedAndChangesNothing(string deadline)
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        var notice = await h.Store.GetNoticeAsync("tls-change");
        var jobs = h.Jobs.Scheduled.Keys.ToList();

        var result = await h.Operations.RescheduleAsync("tls-change", deadline, DeliveryHarness.Support);

        Assert.Equal(OperationError.Invalid, result.Error);
        Assert.Equal(notice, await h.Store.GetNoticeAsync("tls-change"));
        Assert.Equal(jobs, h.Jobs.Scheduled.Keys);
    }

    [Fact]
    public async Task Cancel_RemovesEveryPendingJobAndTellsSubscribersInTheThread()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        var scheduled = h.Jobs.Scheduled.Keys.ToList();

        await h.Operations.CancelAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        await h.RunScheduledUntilAsync(AfterEverything);

        Assert.Equal(scheduled.Order(), h.Jobs.Deleted.Order());
        var posts = h.Channel.Posted.Where(p => p.To == channel).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains("cancelled", posts[1].Reply.Text, StringComparison.Ordinal);
        Assert.Equal(posts[0].Id, posts[1].Thread);
        Assert.Single(h.Channel.Edited);
    }

    [Fact]
    public async Task Window_StartAndEnd_MoveTheNoticeAndTellSubscribers()
    {
        var h = new DeliveryHarness();
        var notice = await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.AcknowledgeAsync("tls-change", AckAnswer.Ready, channel, new Actor("test:u1", "test"));
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        await h.Operations.AcknowledgeAsync("tls-change", AckAnswer.Ready, channel, new Actor("test:u1", "test"));

        await h.RunScheduledUntilAsync(notice.WindowStart!.Value.AddMinutes(1));
        var during = (await h.Store.GetNoticeAsync("tls-change"))!.State;
        await h.RunScheduledUntilAsync(notice.WindowEnd!.Value.AddMinutes(1));

        Assert.Equal(NoticeState.InProgress, during);
        Assert.Equal(NoticeState.Completed, (await h.Store.GetNoticeAsync("tls-change"))!.State);
        var texts = h.Channel.PostedTo(channel).Select(r => r.Text).ToList();
        Assert.Contains(texts, t => t.StartsWith("The maintenance window has started", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("The maintenance is complete", StringComparison.Ordinal));
        Assert.Equal(2, h.Channel.Edited.Count);
    }

    [Fact]
    public async Task Sweep_ResumesDeliveriesLeftPendingByADeadWorker()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channels = new List<ChangeBot.Core.Subscriptions.ConversationAddress>();
        for (var i = 0; i < 50; i++)
        {
            channels.Add(await h.SubscribeAsync($"c{i}"));
        }

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        h.Jobs.TakeDispatches(); // the worker that should have sent them died

        h.Time.Advance(NoticeJobs.ResumeAfter + TimeSpan.FromSeconds(1));
        await h.NoticeJobs.SweepAsync();
        await h.DrainAsync();

        Assert.All(channels, c => Assert.Single(h.Channel.PostedTo(c)));
    }
}
