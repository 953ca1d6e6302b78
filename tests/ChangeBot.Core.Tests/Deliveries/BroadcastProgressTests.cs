using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>What the console's progress bar counts, and the retry it offers for failed deliveries.</summary>
public sealed class BroadcastProgressTests
{
    [Fact]
    public async Task Progress_MixedOutcomes_CountsSentThrottledFailedAndRecordsWhyEachFailed()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var ok = await h.SubscribeAsync("ok");
        var busy = await h.SubscribeAsync("busy");
        var gone = await h.SubscribeAsync("gone");
        var refused = await h.SubscribeAsync("refused");
        h.Channel.Refuse = to => to == busy ? SendResult.Transient("ratelimited", TimeSpan.FromSeconds(30))
            : to == gone ? SendResult.Gone("channel_not_found")
            : to == refused ? SendResult.Rejected("invalid_blocks")
            : null;

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        var before = await BroadcastProgress.OfAsync(h.Store, "tls-change");
        await h.DrainAsync();
        var after = await BroadcastProgress.OfAsync(h.Store, "tls-change");

        Assert.Equal((0, 4, 0, 0), (before.Sent, before.Pending, before.Throttled, before.Failed));
        Assert.False(before.Done);
        Assert.Equal((1, 0, 1, 2), (after.Sent, after.Pending, after.Throttled, after.Failed));
        Assert.False(after.Done);
        Assert.Equal([DeliveryFailureKind.ChannelGone, DeliveryFailureKind.Rejected], after.Failures.Select(f => f.FailureKind!.Value));
        Assert.All(after.Failures, f => Assert.False(DeliveryFailures.IsRetryable(f.FailureKind)));
        Assert.Single(h.Channel.PostedTo(ok));
    }

    [Fact]
    public async Task Retry_DeliveryThatGaveUp_IsSentOnceWhenThePlatformRecovers()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var flaky = await h.SubscribeAsync("flaky");
        h.Channel.Refuse = _ => SendResult.Transient("service_unavailable");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        for (var i = 0; i < DeliveryEngine.MaxAttempts; i++)
        {
            h.Jobs.EnqueueDispatch("tls-change");
            await h.DrainAsync();
        }

        var gaveUp = Assert.Single((await BroadcastProgress.OfAsync(h.Store, "tls-change")).Failures);
        Assert.Equal(DeliveryFailureKind.GaveUp, gaveUp.FailureKind);
        Assert.True(DeliveryFailures.IsRetryable(gaveUp.FailureKind));

        h.Channel.Refuse = null;
        Assert.True(await h.Engine.RetryAsync(gaveUp.Key));
        await h.DrainAsync();

        var progress = await BroadcastProgress.OfAsync(h.Store, "tls-change");
        Assert.Equal((1, 0, 0), (progress.Sent, progress.Failed, progress.Failures.Count));
        Assert.True(progress.Done);
        Assert.Single(h.Channel.PostedTo(flaky));
        Assert.False(await h.Engine.RetryAsync(gaveUp.Key)); // sent now: nothing to retry
    }

    [Fact]
    public async Task Retry_RejectedMessage_IsRefusedAndChangesNothing()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.SubscribeAsync("strict");
        h.Channel.Refuse = _ => SendResult.Rejected("invalid_blocks");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        var failed = (await h.Store.ListDeliveriesAsync("tls-change")).Single();

        Assert.False(await h.Engine.RetryAsync(failed.Key));
        Assert.False(await h.Engine.RetryAsync("no-such-key"));

        Assert.Equal(failed, (await h.Store.ListDeliveriesAsync("tls-change")).Single());
        Assert.Empty(h.Jobs.TakeDispatches());
    }
}
