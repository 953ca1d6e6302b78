using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task UpsertSubscription_SameChannelAndFiltersInAnyOrder_ReplacesIt()
    {
        var c1 = Samples.Address("C1");
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1, "prod", "tls"), Ct);

        var replacement = Samples.Subscription(c1, "tls", "prod") with { CreatedBy = "slack:U2" };
        await Store.UpsertSubscriptionAsync(replacement, Ct);

        AssertSameAll([replacement], await Reopen().ListSubscriptionsAsync(ct: Ct));
    }

    [Fact]
    public async Task RemoveSubscriptions_WithFilters_RemovesOnlyThatExactSet()
    {
        var c1 = Samples.Address("C1");
        var everything = Samples.Subscription(c1);
        var prodOnly = Samples.Subscription(c1, "prod");
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1, "prod", "tls"), Ct);
        await Store.UpsertSubscriptionAsync(prodOnly, Ct);
        await Store.UpsertSubscriptionAsync(everything, Ct);

        var removed = await Store.RemoveSubscriptionsAsync(c1, ["tls", "prod"], Ct);
        var again = await Store.RemoveSubscriptionsAsync(c1, ["tls", "prod"], Ct);

        Assert.Equal((1, 0), (removed, again));
        AssertSameAll([everything, prodOnly], await Reopen().ListSubscriptionsAsync(c1, Ct));
    }

    [Fact]
    public async Task RemoveSubscriptions_NullFilters_RemovesEveryOneOfThatChannelOnly()
    {
        var c1 = Samples.Address("C1");
        var other = Samples.Subscription(Samples.Address("C2"), "prod");
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1, "prod"), Ct);
        await Store.UpsertSubscriptionAsync(other, Ct);

        var removed = await Store.RemoveSubscriptionsAsync(c1, null, Ct);

        Assert.Equal(2, removed);
        AssertSameAll([other], await Reopen().ListSubscriptionsAsync(ct: Ct));
    }

    [Fact]
    public async Task ListSubscriptions_ByAddress_ReturnsOnlyThatChannel()
    {
        var slack = Samples.Subscription(Samples.Address("C1"), "prod");
        var teams = Samples.Subscription(Samples.Address("C1", Platforms.Teams), "prod");
        var otherChannel = Samples.Subscription(Samples.Address("C2"));
        foreach (var s in new[] { slack, teams, otherChannel })
        {
            await Store.UpsertSubscriptionAsync(s, Ct);
        }

        var store = Reopen();
        AssertSameAll([teams], await store.ListSubscriptionsAsync(Samples.Address("C1", Platforms.Teams), Ct));
        Assert.Equal(3, (await store.ListSubscriptionsAsync(ct: Ct)).Count);
        Assert.Empty(await store.ListSubscriptionsAsync(Samples.Address("C9"), Ct));
    }

    [Fact]
    public async Task MarkChannelBroken_Reason_MarksEverySubscriptionOfChannelAndNullHeals()
    {
        var c1 = Samples.Address("C1");
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1, "prod"), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(Samples.Address("C2")), Ct);

        await Store.MarkChannelBrokenAsync(c1, "channel_not_found", Ct);

        var store = Reopen();
        Assert.All(await store.ListSubscriptionsAsync(c1, Ct), s => Assert.Equal("channel_not_found", s.BrokenReason));
        Assert.False((await store.ListSubscriptionsAsync(Samples.Address("C2"), Ct)).Single().IsBroken);

        await store.MarkChannelBrokenAsync(c1, null, Ct);

        Assert.All(await Reopen().ListSubscriptionsAsync(c1, Ct), s => Assert.False(s.IsBroken));
    }

    [Fact]
    public async Task ListBrokenSubscriptions_ListsOnlyBrokenOnesInIdOrder_AndForgetsHealedOnes()
    {
        var c1 = Samples.Address("C1");
        var c3 = Samples.Address("C3");
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c3), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1, "prod"), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(Samples.Address("C2")), Ct);
        Assert.Empty(await Store.ListBrokenSubscriptionsAsync(Ct));

        await Store.MarkChannelBrokenAsync(c3, "channel_not_found", Ct);
        await Store.MarkChannelBrokenAsync(c1, "is_archived", Ct);

        var broken = await Reopen().ListBrokenSubscriptionsAsync(Ct);
        Assert.Equal((await Store.ListSubscriptionsAsync(ct: Ct)).Where(s => s.IsBroken).Select(s => s.Id), broken.Select(s => s.Id));
        Assert.Equal(3, broken.Count);
        Assert.Equal(["is_archived", "is_archived", "channel_not_found"], broken.Select(s => s.BrokenReason));

        await Store.MarkChannelBrokenAsync(c1, null, Ct);

        Assert.Equal([c3.Key], (await Reopen().ListBrokenSubscriptionsAsync(Ct)).Select(s => s.Address.Key));
    }

    [Fact]
    public async Task UpsertConversation_Twice_GetReturnsLatest()
    {
        var address = Samples.Address("C1", Platforms.Teams);
        await Store.UpsertConversationAsync(new ConversationReference(address, "General", """{"serviceUrl":"a"}""", Samples.T0), Ct);
        var latest = new ConversationReference(address, "General (renamed)", """{"serviceUrl":"b"}""", Samples.T0.AddHours(1), Active: false);

        await Store.UpsertConversationAsync(latest, Ct);

        var store = Reopen();
        AssertSame(latest, await store.GetConversationAsync(address.Key, Ct));
        Assert.Null(await store.GetConversationAsync(Samples.Address("C2").Key, Ct));
    }

    [Fact]
    public async Task SetSecret_Overwritten_GetReturnsLatestPerKey()
    {
        await Store.SetSecretAsync("slack:T1:bot-token", "xoxb-1", Ct);
        await Store.SetSecretAsync("slack:T2:bot-token", "xoxb-2", Ct);
        await Store.SetSecretAsync("slack:T1:bot-token", "xoxb-1b", Ct);

        var store = Reopen();
        Assert.Equal("xoxb-1b", await store.GetSecretAsync("slack:T1:bot-token", Ct));
        Assert.Equal("xoxb-2", await store.GetSecretAsync("slack:T2:bot-token", Ct));
        Assert.Null(await store.GetSecretAsync("SLACK:T1:BOT-TOKEN", Ct));
    }

    [Fact]
    public async Task ListSecrets_ReturnsExactlyTheKeysWithThePrefix_OrdinallyAndInKeyOrder()
    {
        await Store.SetSecretAsync("dataprotection:key:b", "<key id=\"b\"/>", Ct);
        await Store.SetSecretAsync("dataprotection:key:a", "<key id=\"a\"/>", Ct);
        await Store.SetSecretAsync("DATAPROTECTION:KEY:c", "other case", Ct);
        await Store.SetSecretAsync("dataprotection:keyring", "not under the prefix with its colon", Ct);
        await Store.SetSecretAsync("slack:T1:bot-token", "xoxb-1", Ct);
        await Store.SetSecretAsync("100%_:x", "like wildcards", Ct);

        var store = Reopen();
        var keys = await store.ListSecretsAsync("dataprotection:key:", Ct);
        var wildcard = await store.ListSecretsAsync("100%_:", Ct);
        var none = await store.ListSecretsAsync("10_", Ct);

        Assert.Equal(["dataprotection:key:a", "dataprotection:key:b"], keys.Select(k => k.Key));
        Assert.Equal("<key id=\"a\"/>", keys[0].Value);
        Assert.Equal("100%_:x", Assert.Single(wildcard).Key);
        Assert.Empty(none);
    }
}
