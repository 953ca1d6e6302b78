using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>What <c>readiness &lt;id&gt;</c> shows per channel beyond delivery and answer: the last chain
/// check, deliveries that failed for good, and channels that acted without being subscribed.</summary>
public sealed class ReadinessReportTests
{
    [Fact]
    public async Task Readiness_ChannelThatRanACheck_ShowsTheLastCheckResult()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        var at = h.Time.GetUtcNow();
        await h.Store.AddChannelCheckAsync(new ChannelCheck("tls-change", channel.Key, "test:u1", at.AddMinutes(-5), "old.example.com", CheckVerdict.Error, ["timeout"]));
        await h.Store.AddChannelCheckAsync(new ChannelCheck("tls-change", channel.Key, "test:u2", at, "api.example.com", CheckVerdict.Problems, ["untrusted-root"]));

        var rows = await Readiness.ReportAsync(h.Store, "tls-change", TestContext.Current.CancellationToken);
        var reply = (await h.Operations.GetReadinessAsync("tls-change")).Reply;

        Assert.Equal("api.example.com", Assert.Single(rows).LastCheck?.Target);
        Assert.Contains($"last check: problems (untrusted-root), api.example.com, by test:u2, {{{{time:{at.ToUnixTimeSeconds()}}}}}",
            Assert.Single(reply.Sections).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_BroadcastUnderWay_ShowsHowManySentPendingAndFailed()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var rejected = await h.SubscribeAsync("rejected");
        var throttled = await h.SubscribeAsync("throttled");
        await h.SubscribeAsync("fine-1");
        await h.SubscribeAsync("fine-2");
        h.Channel.Refuse = to => to == rejected ? SendResult.Rejected("invalid_blocks") : to == throttled ? SendResult.Transient("ratelimited") : null;
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        var reply = (await h.Operations.GetReadinessAsync("tls-change")).Reply;

        Assert.Equal("2 sent, 1 pending, 1 failed", Assert.Single(reply.Facts, f => f.Label == "Broadcast").Value);
    }

    [Fact]
    public async Task Readiness_RejectedBroadcast_ShowsTheFailureButNotABrokenChannel()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        h.Channel.Refuse = _ => SendResult.Rejected("invalid_blocks");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        var row = Assert.Single(await Readiness.ReportAsync(h.Store, "tls-change", TestContext.Current.CancellationToken));
        var text = Assert.Single((await h.Operations.GetReadinessAsync("tls-change")).Reply.Sections).Text;

        Assert.Equal((DeliveryStatus.Failed, (string?)null), (row.Delivery, row.BrokenReason));
        Assert.Equal(new DeliveryFailure(DeliveryKind.Broadcast, "rejected by test: invalid_blocks"), row.Failure);
        Assert.Contains("broadcast failed: rejected by test: invalid_blocks", text, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_ChannelsThatAnsweredOrCheckedWithoutASubscription_AreListedToo()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var subscribed = await h.SubscribeAsync("subscribed");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        var answered = new ConversationAddress(h.Platform, "w1", "answered-elsewhere");
        var checkedOnly = new ConversationAddress(h.Platform, "w1", "checked-elsewhere");
        await h.Operations.AcknowledgeAsync("tls-change", AckAnswer.NotAffected, answered, new Actor("test:u3", "test"));
        await h.Store.AddChannelCheckAsync(new ChannelCheck("tls-change", checkedOnly.Key, "test:u4", h.Time.GetUtcNow(), "api.example.com", CheckVerdict.Ok, []));

        var rows = await Readiness.ReportAsync(h.Store, "tls-change", TestContext.Current.CancellationToken);
        var reply = (await h.Operations.GetReadinessAsync("tls-change")).Reply;

        Assert.Equal([answered.Key, checkedOnly.Key, subscribed.Key], rows.Select(r => r.ChannelKey));
        Assert.Null(rows[0].Delivery);
        Assert.Equal("1 of 3 channels are ready or not affected; 0 need help; 2 have not answered.", reply.Text);
        Assert.StartsWith("not subscribed (no delivery); not affected (by test:u3", reply.Sections[0].Text, StringComparison.Ordinal);
        Assert.Contains("last check: ok, api.example.com", reply.Sections[1].Text, StringComparison.Ordinal);
    }
}
