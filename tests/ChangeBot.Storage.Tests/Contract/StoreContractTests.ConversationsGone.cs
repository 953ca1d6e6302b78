using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary><see cref="Core.Storage.ISubscriptionStore.MarkConversationsGoneAsync"/>: which conversations a scope
/// reaches, what it marks, and what it leaves alone.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset GoneAt = Samples.T0.AddDays(1);

    [Fact]
    public async Task MarkConversationsGone_OneConversation_DeactivatesItAndBreaksOnlyItsSubscriptions()
    {
        var c1 = Samples.Address("C1");
        var c2 = Samples.Address("C2");
        await StoreConversationAsync(c1);
        await StoreConversationAsync(c2);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1, "prod"), Ct);
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c2), Ct);

        var marked = await Store.MarkConversationsGoneAsync(ConversationScope.Of(c1), "removed", GoneAt, Ct);

        var store = Reopen();
        Assert.Equal(2, marked);
        Assert.All(await store.ListSubscriptionsAsync(c1, Ct), s => Assert.Equal("removed", s.BrokenReason));
        Assert.False((await store.ListSubscriptionsAsync(c2, Ct)).Single().IsBroken);
        Assert.Equal((false, GoneAt), Presence(await store.GetConversationAsync(c1.Key, Ct)));
        Assert.Equal((true, Samples.T0), Presence(await store.GetConversationAsync(c2.Key, Ct)));
    }

    [Fact]
    public async Task MarkConversationsGone_SubscriptionsWithoutStoredConversation_AreStillMarked()
    {
        var c1 = Samples.Address("C1");
        await Store.UpsertSubscriptionAsync(Samples.Subscription(c1), Ct);

        var marked = await Store.MarkConversationsGoneAsync(ConversationScope.Of(c1), "removed", GoneAt, Ct);

        Assert.Equal(1, marked);
        Assert.Equal("removed", (await Reopen().ListSubscriptionsAsync(c1, Ct)).Single().BrokenReason);
        Assert.Null(await Reopen().GetConversationAsync(c1.Key, Ct));
    }

    [Fact]
    public async Task MarkConversationsGone_WithGroup_ReachesTheGroupsConversationsInThatWorkspaceOnly()
    {
        var team = Samples.Address("19:general", Platforms.Teams);
        var channel = Samples.Address("19:channel", Platforms.Teams);
        var otherTeam = Samples.Address("19:other", Platforms.Teams);
        var otherTenant = new ConversationAddress(Platforms.Teams, "T2", "19:elsewhere");
        await StoreConversationAsync(team, "team-1");
        await StoreConversationAsync(channel, "team-1");
        await StoreConversationAsync(otherTeam, "team-2");
        await StoreConversationAsync(otherTenant, "team-1");
        foreach (var address in new[] { team, channel, otherTeam, otherTenant })
        {
            await Store.UpsertSubscriptionAsync(Samples.Subscription(address), Ct);
        }

        var marked = await Store.MarkConversationsGoneAsync(ConversationScope.WithGroup(team, "team-1"), "removed from the team", GoneAt, Ct);

        var store = Reopen();
        Assert.Equal(2, marked);
        var broken = (await store.ListSubscriptionsAsync(ct: Ct)).Where(s => s.IsBroken).Select(s => s.Address.Key).Order(StringComparer.Ordinal);
        Assert.Equal([channel.Key, team.Key], broken);
        Assert.False((await store.GetConversationAsync(channel.Key, Ct))!.Active);
        Assert.True((await store.GetConversationAsync(otherTeam.Key, Ct))!.Active);
        Assert.True((await store.GetConversationAsync(otherTenant.Key, Ct))!.Active);
    }

    [Fact]
    public async Task MarkConversationsGone_WholeWorkspace_ReachesEveryConversationOfItAndNoOtherWorkspaceOrPlatform()
    {
        var c1 = Samples.Address("C1");
        var d1 = Samples.Address("D1");
        var longerWorkspace = new ConversationAddress(Platforms.Slack, "T10", "C1");
        var teams = Samples.Address("C1", Platforms.Teams);
        await StoreConversationAsync(c1);
        await StoreConversationAsync(longerWorkspace);
        foreach (var address in new[] { c1, d1, longerWorkspace, teams })
        {
            await Store.UpsertSubscriptionAsync(Samples.Subscription(address), Ct);
        }

        var marked = await Store.MarkConversationsGoneAsync(ConversationScope.WholeWorkspace(Platforms.Slack, "T1"), "slack: app_uninstalled", GoneAt, Ct);

        var store = Reopen();
        Assert.Equal(2, marked);
        var broken = (await store.ListSubscriptionsAsync(ct: Ct)).Where(s => s.IsBroken).Select(s => s.Address.Key).Order(StringComparer.Ordinal);
        Assert.Equal([c1.Key, d1.Key], broken);
        Assert.False((await store.GetConversationAsync(c1.Key, Ct))!.Active);
        Assert.True((await store.GetConversationAsync(longerWorkspace.Key, Ct))!.Active);
    }

    [Fact]
    public async Task ConversationReference_Group_RoundTrips()
    {
        var address = Samples.Address("19:general", Platforms.Teams);
        var reference = new ConversationReference(address, "Team › General", "{}", Samples.T0) { Group = "team-1" };
        await Store.UpsertConversationAsync(reference, Ct);

        AssertSame(reference, await Reopen().GetConversationAsync(address.Key, Ct));
    }

    private Task StoreConversationAsync(ConversationAddress address, string? group = null) =>
        Store.UpsertConversationAsync(new ConversationReference(address, address.Conversation, "{}", Samples.T0) { Group = group }, Ct);

    private static (bool Active, DateTimeOffset UpdatedAt) Presence(ConversationReference? reference) =>
        (reference!.Active, reference.UpdatedAt);
}
