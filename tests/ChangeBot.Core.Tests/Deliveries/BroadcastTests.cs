using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;

namespace ChangeBot.Core.Tests.Deliveries;

public sealed class BroadcastTests
{
    [Fact]
    public async Task Publish_MatchingAndCatchAllSubscriptions_EachChannelGetsTheNoticeOnce()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var byProduct = await h.SubscribeAsync("c-api", "api");
        var everything = await h.SubscribeAsync("c-all");
        var other = await h.SubscribeAsync("c-billing", "billing");
        await h.SubscribeAsync("c-api", "api-sandbox"); // a second matching subscription of the same channel

        var result = await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        Assert.True(result.Succeeded, result.Reply.Text);
        Assert.Single(h.Channel.PostedTo(byProduct));
        Assert.Single(h.Channel.PostedTo(everything));
        Assert.Empty(h.Channel.PostedTo(other));
        Assert.Equal(NoticeState.Published, (await h.Store.GetNoticeAsync("tls-change"))!.State);
    }

    [Fact]
    public async Task Dispatch_RunTwice_PostsOnce()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);

        await h.Engine.DispatchAsync("tls-change");
        await h.Engine.DispatchAsync("tls-change");
        await Task.WhenAll(h.Engine.DispatchAsync("tls-change"), h.Engine.DispatchAsync("tls-change"));

        Assert.Single(h.Channel.PostedTo(channel));
    }

    [Fact]
    public async Task Dispatch_AnswerLostAfterThePlatformPosted_RetryFindsTheMessageAndDoesNotPostAgain()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        h.Channel.LoseNextAnswer = true;

        await h.Engine.DispatchAsync("tls-change"); // posted, but the outcome was never recorded
        var afterFirst = (await h.Store.ListDeliveriesAsync("tls-change")).Single();
        await h.Engine.DispatchAsync("tls-change"); // the retry

        Assert.Equal(DeliveryStatus.Pending, afterFirst.Status);
        Assert.Single(h.Channel.PostedTo(channel));
        var delivery = (await h.Store.ListDeliveriesAsync("tls-change")).Single();
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal("m1", delivery.PlatformMessageId);
    }

    [Fact]
    public async Task Dispatch_AnswerLostOnAPlatformWithoutLookup_SendsAgainRatherThanLosingTheMessage()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        h.Channel.SupportsLookup = false;
        h.Channel.LoseNextAnswer = true;

        await h.Engine.DispatchAsync("tls-change");
        await h.Engine.DispatchAsync("tls-change");

        Assert.Equal(2, h.Channel.PostedTo(channel).Count);
        Assert.Equal(DeliveryStatus.Sent, (await h.Store.ListDeliveriesAsync("tls-change")).Single().Status);
    }

    [Fact]
    public async Task Dispatch_ChannelGone_MarksTheSubscriptionBrokenAndStopsTrying()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var gone = await h.SubscribeAsync("archived");
        var fine = await h.SubscribeAsync("fine");
        h.Channel.Refuse = to => to == gone ? SendResult.Gone("is_archived") : null;

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();
        await h.Engine.DispatchAsync("tls-change");

        var subscription = (await h.Store.ListSubscriptionsAsync(gone)).Single();
        Assert.Equal("is_archived", subscription.BrokenReason);
        Assert.Single(h.Channel.PostedTo(fine));
        var readiness = await h.Operations.GetReadinessAsync("tls-change");
        Assert.Contains(readiness.Reply.Sections, s => s.Heading == gone.Key && s.Text.Contains("broken: is_archived", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_DraftRecordsLeftByACrashedPublish_AreSentOnceWhenPublishCompletes()
    {
        var h = new DeliveryHarness();
        var notice = await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        // A publish that reserved its records and died before flipping the state:
        await h.Engine.ReserveAsync(notice with { Revision = 2 }, DeliveryKind.Broadcast, "", [channel.Key]);
        await h.Engine.DispatchAsync("tls-change");
        Assert.Empty(h.Channel.PostedTo(channel));

        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        Assert.Single(h.Channel.PostedTo(channel));
    }

    [Fact]
    public async Task Publish_Twice_SecondIsRefusedAndNothingIsPostedAgain()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        var again = await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        Assert.False(again.Succeeded);
        Assert.Equal(OperationError.Conflict, again.Error);
        Assert.Single(h.Channel.PostedTo(channel));
    }

    [Fact]
    public async Task Update_PostsInTheThreadOfEveryDeliveredMessage()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        var channel = await h.SubscribeAsync("c1");
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        await h.DrainAsync();

        var result = await h.Operations.UpdateAsync("tls-change", "The test endpoint is live.", DeliveryHarness.Support);
        await h.DrainAsync();

        Assert.True(result.Succeeded);
        var posts = h.Channel.Posted.Where(p => p.To == channel).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Id, posts[1].Thread);
        Assert.Equal("The test endpoint is live.", posts[1].Reply.Text);
        Assert.Contains(await h.Store.ListAuditAsync(10), a => a.Action == "update" && a.NoticeId == "tls-change");
    }

    [Fact]
    public async Task Update_EmptyText_IsRefusedAndChangesNothing()
    {
        var h = new DeliveryHarness();
        await h.ImportAsync(DeliveryHarness.SampleNotice());
        await h.Operations.PublishAsync("tls-change", DeliveryHarness.Support);
        var before = await h.Store.GetNoticeAsync("tls-change");

        var result = await h.Operations.UpdateAsync("tls-change", "  ", DeliveryHarness.Support);

        Assert.Equal(OperationError.Invalid, result.Error);
        Assert.Equal(before, await h.Store.GetNoticeAsync("tls-change"));
    }
}
