using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>changebot.deliveries also counts a delivery that fails before any platform call: the channel's
/// platform is not configured on this server (sent/failed/throttled are in DeliveryFailureTests).</summary>
public sealed class DeliveryMetricsTests
{
    [Fact]
    public async Task Dispatch_ToAPlatformThatIsNotConfigured_IsCountedAsFailedForThatPlatform()
    {
        // A platform name of this test's own: other tests record on the same meter at the same time.
        var unconfigured = "off-" + Guid.NewGuid().ToString("N")[..8];
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.Store.UpsertSubscriptionAsync(new Subscription(new ConversationAddress(unconfigured, "w1", "c1"), [], "test:someone", h.Time.GetUtcNow()));
        var counted = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ChangeBotTelemetry.Name && instrument.Name == "changebot.deliveries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            if (Equals(all.Single(t => t.Key == "platform").Value, unconfigured))
            {
                counted.Enqueue($"{all.Single(t => t.Key == "outcome").Value} x{value}");
            }
        });
        listener.Start();

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        Assert.Equal(["failed x1"], counted.ToArray());
        Assert.Equal(DeliveryStatus.Failed, Assert.Single(await h.Store.ListDeliveriesAsync("tls-change"), d => d.ChannelKey.StartsWith(unconfigured, StringComparison.Ordinal)).Status);
    }
}
