using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary>Lists read again on the same store instance show every write made since, without a reopen: a store may keep
/// reads in memory (LiteDB does, for the readiness page), but never past a write that changes them.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ListDeliveries_ReadBetweenWrites_ShowsEachWrite()
    {
        var store = Store;
        var delivery = Samples.Delivery("n1", "slack:T1:C1");
        Assert.Empty(await store.ListDeliveriesAsync("n1", Ct));

        await store.TryReserveDeliveriesAsync([delivery], Ct);
        AssertSameAll([delivery], await store.ListDeliveriesAsync("n1", Ct));

        Assert.True(await store.TryStartAttemptAsync(delivery.Key, 0, Ct));
        Assert.Equal(1, Assert.Single(await store.ListDeliveriesAsync("n1", Ct)).Attempts);

        var sent = delivery with { Status = DeliveryStatus.Sent, Attempts = 1, PlatformMessageId = "m1", SentAt = Samples.T0.AddMinutes(1) };
        await store.UpdateDeliveryAsync(sent, Ct);
        AssertSameAll([sent], await store.ListDeliveriesAsync("n1", Ct));

        var second = Samples.Delivery("n1", "slack:T1:C2", Samples.T0.AddMinutes(2));
        await store.TryReserveDeliveriesAsync([second, Samples.Delivery("n2", "slack:T1:C1")], Ct);
        AssertSameAll([sent, second], await store.ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task ListAcknowledgements_ReadBetweenWrites_ShowsEachAnswer()
    {
        var store = Store;
        var first = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.NeedHelp, "U1", Samples.T0);
        var second = first with { Answer = AckAnswer.Ready, At = Samples.T0.AddMinutes(1) };
        Assert.Empty(await store.ListAcknowledgementsAsync("n1", Ct));

        await store.AddAcknowledgementAsync(first, Ct);
        AssertSameAll([first], await store.ListAcknowledgementsAsync("n1", Ct));

        await store.AddAcknowledgementAsync(second, Ct);
        AssertSameAll([first, second], await store.ListAcknowledgementsAsync("n1", Ct));
    }

    [Fact]
    public async Task ListSubscriptions_ReadBetweenWrites_ShowsEachChange()
    {
        var store = Store;
        var c1 = Samples.Address("C1");
        var subscription = Samples.Subscription(c1, "payments-api");
        Assert.Empty(await store.ListSubscriptionsAsync(null, Ct));

        await store.UpsertSubscriptionAsync(subscription, Ct);
        AssertSameAll([subscription], await store.ListSubscriptionsAsync(null, Ct));

        await store.MarkChannelBrokenAsync(c1, "channel_not_found", Ct);
        Assert.Equal("channel_not_found", Assert.Single(await store.ListSubscriptionsAsync(null, Ct)).BrokenReason);

        await store.UpsertSubscriptionAsync(subscription, Ct);
        Assert.False(Assert.Single(await store.ListSubscriptionsAsync(null, Ct)).IsBroken);

        Assert.Equal(1, await store.MarkConversationsGoneAsync(ConversationScope.WholeWorkspace(Platforms.Slack, "T1"), "app_uninstalled", Samples.T0, Ct));
        Assert.Equal("app_uninstalled", Assert.Single(await store.ListSubscriptionsAsync(null, Ct)).BrokenReason);

        Assert.Equal(1, await store.RemoveSubscriptionsAsync(c1, null, Ct));
        Assert.Empty(await store.ListSubscriptionsAsync(null, Ct));
    }
}
