using System.Diagnostics.Metrics;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>Messages a platform refuses, and failures that would otherwise be retried forever.</summary>
public sealed class DeliveryFailureTests
{
    [Fact]
    public async Task Dispatch_PlatformRejectsTheMessage_FailsItOnceKeepsTheChannelAndAlertsSupport()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var strict = await h.SubscribeAsync("strict");
        var fine = await h.SubscribeAsync("fine");
        var calls = 0;
        h.Channel.Refuse = to =>
        {
            if (to != strict)
            {
                return null;
            }

            calls++;
            return SendResult.Rejected("invalid_blocks");
        };

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.NoticeJobs.SweepAsync();
        await h.DrainAsync();

        Assert.Equal(1, calls);
        var failed = (await h.Store.ListDeliveriesAsync("tls-change")).Single(d => d.ChannelKey == strict.Key);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal("rejected by test: invalid_blocks", failed.Error);
        Assert.False((await h.Store.ListSubscriptionsAsync(strict)).Single().IsBroken);
        Assert.Single(h.Channel.PostedTo(fine));
        var alert = Assert.Single(h.SupportChannel.PostedTo(DeliveryHarness.SupportAddress));
        Assert.Equal("Delivery failed: TLS certificate change", alert.Title);
        Assert.Contains($"• {strict.Key} (broadcast): rejected by test: invalid_blocks", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_RejectedBroadcast_LaterMessagesForThatChannelFailInsteadOfWaitingForever()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var strict = await h.SubscribeAsync("strict");
        h.Channel.Refuse = to => to == strict ? SendResult.Rejected("msg_too_long") : null;
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        var notice = (await h.Store.GetNoticeAsync("tls-change"))!;

        // As a crash between reserving and sending could leave it: an update owed to the failed channel.
        await h.Engine.ReserveAsync(notice, DeliveryKind.Update, "1", [strict.Key]);
        var summary = await h.Engine.DispatchAsync("tls-change");

        Assert.Equal(new DispatchSummary(0, 1, 0), summary);
        var update = (await h.Store.ListDeliveriesAsync("tls-change")).Single(d => d.Kind == DeliveryKind.Update);
        Assert.Equal(DeliveryStatus.Failed, update.Status);
        Assert.Contains("nothing to thread this under", update.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_TransientFailureEveryMinute_GivesUpAfterMaxAttemptsWithOneAlert()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var flaky = await h.SubscribeAsync("flaky");
        h.Channel.Refuse = _ => SendResult.Transient("http_503");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        for (var attempt = 2; attempt <= DeliveryEngine.MaxAttempts; attempt++)
        {
            var pending = (await h.Store.ListDeliveriesAsync("tls-change")).Single();
            Assert.Equal((DeliveryStatus.Pending, attempt - 1), (pending.Status, pending.Attempts));
            Assert.Empty(h.SupportChannel.Posted);
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.NoticeJobs.SweepAsync();
            await h.DrainAsync();
        }

        var delivery = (await h.Store.ListDeliveriesAsync("tls-change")).Single();
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal($"gave up after {DeliveryEngine.MaxAttempts} attempts over 59 min: http_503", delivery.Error);
        Assert.Contains(flaky.Key, Assert.Single(h.SupportChannel.Posted).Reply.Text, StringComparison.Ordinal);
        Assert.Empty(await h.Store.ListPendingDeliveriesAsync(h.Time.GetUtcNow(), 10));
    }

    [Fact]
    public async Task Dispatch_StillFailingADayAfterItWasOwed_GivesUpWhateverTheAttemptCount()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.SubscribeAsync("flaky");
        h.Channel.Refuse = _ => SendResult.Transient("ratelimited", TimeSpan.FromHours(1));
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        h.Time.Advance(DeliveryEngine.MaxPendingAge);
        var summary = await h.Engine.DispatchAsync("tls-change");

        Assert.Equal(new DispatchSummary(0, 1, 0), summary);
        var delivery = (await h.Store.ListDeliveriesAsync("tls-change")).Single();
        Assert.Equal((DeliveryStatus.Failed, 2), (delivery.Status, delivery.Attempts));
        Assert.StartsWith("gave up after 2 attempts over 24 h", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_FirstAttemptADayLate_FailingOnceIsStillRetried()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.SubscribeAsync("c1");
        h.Channel.Refuse = _ => SendResult.Transient("http_503");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        h.Jobs.TakeDispatches(); // the worker never ran: the server was down

        h.Time.Advance(TimeSpan.FromDays(2));
        var summary = await h.Engine.DispatchAsync("tls-change");

        Assert.Equal(new DispatchSummary(0, 0, 1), summary);
        Assert.Equal(DeliveryStatus.Pending, (await h.Store.ListDeliveriesAsync("tls-change")).Single().Status);
    }

    [Fact]
    public async Task Dispatch_ManyRejections_OneAlertNamesTheFirstTenAndCountsTheRest()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        for (var i = 0; i < 13; i++)
        {
            await h.SubscribeAsync($"c{i:D2}");
        }

        h.Channel.Refuse = _ => SendResult.Rejected("no_text");

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        var alert = Assert.Single(h.SupportChannel.Posted).Reply.Text;
        Assert.StartsWith("13 message(s) about tls-change could not be delivered", alert, StringComparison.Ordinal);
        Assert.Equal(10, alert.Split('\n').Count(l => l.StartsWith('•')));
        Assert.Contains("…and 3 more.", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_Outcomes_AreCountedSentFailedOrThrottledPerPlatform()
    {
        var platform = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var h = new DeliveryHarness(platform);
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var rejected = await h.SubscribeAsync("rejected");
        var flaky = await h.SubscribeAsync("flaky");
        await h.SubscribeAsync("fine");
        h.Channel.Refuse = to => to == rejected ? SendResult.Rejected("invalid_blocks") : to == flaky ? SendResult.Transient("http_503") : null;
        var outcomes = new List<string>();
        using var listener = DeliveryCounter(platform, outcomes);

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        lock (outcomes)
        {
            Assert.Equal(["failed", "sent", "throttled"], outcomes.Order());
        }
    }

    private static MeterListener DeliveryCounter(string platform, List<string> outcomes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ChangeBotTelemetry.Name && instrument.Name == "changebot.deliveries")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (values.GetValueOrDefault("platform") == platform)
            {
                lock (outcomes)
                {
                    outcomes.Add(values["outcome"]!);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
