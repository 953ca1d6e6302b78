using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>A worker that died mid-broadcast: its deliveries are handed to another worker within a minute
/// (docs/architecture.md#the-delivery-ledger), without waiting for the minutely sweep or Hangfire's invisibility timeout.</summary>
public sealed class StaleDeliveryWatchTests
{
    [Fact]
    public void Bound_ResumeAfterPlusInterval_LeavesRoomForAJobPickUpWithinAMinute() =>
        Assert.True(NoticeJobs.ResumeAfter + StaleDeliveryWatch.Interval <= TimeSpan.FromSeconds(50));

    [Fact]
    public async Task Watch_DeliveriesADeadWorkerLeftPending_AreHandedToAWorkerOnceStale()
    {
        var ct = TestContext.Current.CancellationToken;
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        h.Jobs.TakeDispatches(); // the worker that took the dispatch died
        while (h.Jobs.DispatchEnqueued.CurrentCount > 0)
        {
            await h.Jobs.DispatchEnqueued.WaitAsync(ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = new StaleDeliveryWatch(h.NoticeJobs, h.Time, NullLogger<StaleDeliveryWatch>.Instance).RunAsync(stop.Token);
        for (var elapsed = TimeSpan.Zero; elapsed < NoticeJobs.ResumeAfter + StaleDeliveryWatch.Interval; elapsed += StaleDeliveryWatch.Interval)
        {
            h.Time.Advance(StaleDeliveryWatch.Interval);
        }

        Assert.True(await h.Jobs.DispatchEnqueued.WaitAsync(TimeSpan.FromSeconds(30), ct), "the watch did not hand the stale delivery to a worker");
        Assert.Equal(["tls-change"], h.Jobs.TakeDispatches());
        await stop.CancelAsync();
        await watching;
    }
}
