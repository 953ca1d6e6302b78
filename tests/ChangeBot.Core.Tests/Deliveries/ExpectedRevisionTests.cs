using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>Support actions on the revision the person saw (the console's forms): any other revision is
/// <see cref="OperationError.Stale"/> and nothing happens; without one (chat, REST) nothing changes.</summary>
public sealed class ExpectedRevisionTests
{
    [Fact]
    public async Task Actions_OnARevisionThatIsNotTheStoredOne_AreStaleAndChangeNothing()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.SubscribeAsync("c1");
        Assert.True((await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support, 1)).Succeeded); // now revision 2
        var deliveries = (await h.Store.ListDeliveriesAsync("tls-change")).Count;

        var results = new[]
        {
            await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support, 1),
            await h.Operations.UpdateAsync("tls-change", "More news", DeliveryHarness.Support, 1),
            await h.Operations.RescheduleAsync("tls-change", "2016-11-30T09:00:00Z", DeliveryHarness.Support, 3),
            await h.Operations.CancelAsync("tls-change", DeliveryHarness.Support, 1),
        };

        Assert.All(results, r => Assert.Equal(OperationError.Stale, r.Error));
        Assert.Contains("changed since you saw revision 1", results[1].Reply.Text, StringComparison.Ordinal);
        var stored = (await h.Store.GetNoticeAsync("tls-change"))!;
        Assert.Equal((2, NoticeState.Published), (stored.Revision, stored.State));
        Assert.Empty(stored.Updates);
        Assert.Equal(deliveries, (await h.Store.ListDeliveriesAsync("tls-change")).Count);
    }

    [Fact]
    public async Task Actions_OnTheStoredRevision_RunAsWithoutOne()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());

        Assert.True((await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support, 1)).Succeeded);
        Assert.True((await h.Operations.UpdateAsync("tls-change", "More news", DeliveryHarness.Support, 2)).Succeeded);
        Assert.True((await h.Operations.CancelAsync("tls-change", DeliveryHarness.Support, 3)).Succeeded);

        var stored = (await h.Store.GetNoticeAsync("tls-change"))!;
        Assert.Equal((4, NoticeState.Cancelled, 1), (stored.Revision, stored.State, stored.Updates.Count));
    }
}
