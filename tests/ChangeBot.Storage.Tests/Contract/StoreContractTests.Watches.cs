using ChangeBot.Core.Watches;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static Watch SampleWatch(string id, string channel = "slack:T1:C1", string endpoint = "api.example.com:443") => new()
    {
        Id = id,
        ChannelKey = channel,
        Endpoint = endpoint,
        Store = "java",
        CreatedBy = "slack:U1",
        CreatedAt = Samples.T0,
        State = new WatchState
        {
            CheckedAt = Samples.T0,
            Summary = "ok, expires 2026-04-01 (in 30 days), verifies in the java store",
            LeafSha256 = "AB12",
            NotAfter = Samples.T0.AddDays(30),
            Issuer = "CN=Example CA 1",
            IssuerFingerprint = "CD34",
            PreviousIssuer = "CN=Example CA 0",
            Root = "CN=Example Root R2",
            PreviousRoot = "CN=Example Root R1",
            StoreTrusted = true,
            StoreReason = "Ünïcode reason ✓",
            UnreachableSince = Samples.T0.AddDays(-1),
            FailedRuns = 1,
            LastError = "timeout",
        },
    };

    [Fact]
    public async Task AddWatch_RoundTripsEveryFieldAndListsTheChannelsByEndpoint()
    {
        var b = SampleWatch("w2", endpoint: "b.example.com:443");
        var a = SampleWatch("w1", endpoint: "a.example.com:8443") with { Store = null, State = new WatchState() };
        var other = SampleWatch("w3", channel: "msteams:tenant:19:abc@thread.tacv2");
        foreach (var watch in new[] { b, a, other })
        {
            Assert.Equal(WatchAddResult.Added, await Store.AddWatchAsync(watch, 50, Ct));
        }

        var store = Reopen();
        AssertSameAll([a, b], await store.ListWatchesAsync("slack:T1:C1", Ct));
        AssertSame(other, await store.GetWatchAsync("w3", Ct));
        Assert.Null(await store.GetWatchAsync("w4", Ct));
        Assert.Empty(await store.ListWatchesAsync("slack:T1:C9", Ct));
    }

    [Fact]
    public async Task AddWatch_SameEndpointTwiceInAChannel_IsAlreadyWatchedButAnotherChannelMayWatchIt()
    {
        Assert.Equal(WatchAddResult.Added, await Store.AddWatchAsync(SampleWatch("w1"), 50, Ct));

        Assert.Equal(WatchAddResult.AlreadyWatched, await Store.AddWatchAsync(SampleWatch("w2"), 50, Ct));
        Assert.Equal(WatchAddResult.Added, await Store.AddWatchAsync(SampleWatch("w3", channel: "slack:T1:C2"), 50, Ct));
        Assert.Equal(["w1"], (await Reopen().ListWatchesAsync("slack:T1:C1", Ct)).Select(w => w.Id));
    }

    [Fact]
    public async Task AddWatch_BeyondTheLimit_IsChannelFullAndOtherChannelsAreNotCounted()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(WatchAddResult.Added, await Store.AddWatchAsync(SampleWatch($"w{i}", endpoint: $"e{i}.example.com:443"), 3, Ct));
        }

        Assert.Equal(WatchAddResult.ChannelFull, await Store.AddWatchAsync(SampleWatch("w9", endpoint: "e9.example.com:443"), 3, Ct));
        Assert.Equal(WatchAddResult.Added, await Store.AddWatchAsync(SampleWatch("x1", channel: "slack:T1:C2"), 3, Ct));
        Assert.Equal(3, (await Reopen().ListWatchesAsync("slack:T1:C1", Ct)).Count);
    }

    [Fact]
    public async Task AddWatch_RacingAddersForOneChannel_NeverPassTheLimit()
    {
        var store = Store;

        var results = await RaceAsync(8, i => store.AddWatchAsync(SampleWatch($"w{i}", endpoint: $"e{i}.example.com:443"), 5, Ct));

        Assert.Equal(5, results.Count(r => r == WatchAddResult.Added));
        Assert.Equal(5, (await store.ListWatchesAsync("slack:T1:C1", Ct)).Count);
    }

    [Fact]
    public async Task RemoveWatch_RemovesOnlyThatChannelsEndpoint()
    {
        await Store.AddWatchAsync(SampleWatch("w1"), 50, Ct);
        await Store.AddWatchAsync(SampleWatch("w2", channel: "slack:T1:C2"), 50, Ct);

        Assert.False(await Store.RemoveWatchAsync("slack:T1:C1", "other.example.com:443", Ct));
        Assert.True(await Store.RemoveWatchAsync("slack:T1:C1", "api.example.com:443", Ct));
        Assert.False(await Store.RemoveWatchAsync("slack:T1:C1", "api.example.com:443", Ct));

        var store = Reopen();
        Assert.Empty(await store.ListWatchesAsync("slack:T1:C1", Ct));
        Assert.Single(await store.ListWatchesAsync("slack:T1:C2", Ct));
    }

    [Fact]
    public async Task ListAllWatches_PagesByIdInOrdinalOrder()
    {
        foreach (var id in new[] { "b", "a", "C", "c", "a1" })
        {
            await Store.AddWatchAsync(SampleWatch(id, endpoint: id + ".example.com:443"), 50, Ct);
        }

        var store = Reopen();
        var first = await store.ListAllWatchesAsync(null, 2, Ct);
        var second = await store.ListAllWatchesAsync(first[^1].Id, 2, Ct);
        var third = await store.ListAllWatchesAsync(second[^1].Id, 2, Ct);

        Assert.Equal(["C", "a", "a1", "b", "c"], first.Concat(second).Concat(third).Select(w => w.Id));
        Assert.Empty(await store.ListAllWatchesAsync("c", 2, Ct));
    }

    [Fact]
    public async Task UpdateWatchState_ReplacesOnlyTheStateAndIsFalseOnceRemoved()
    {
        var watch = SampleWatch("w1");
        await Store.AddWatchAsync(watch, 50, Ct);
        var state = new WatchState { CheckedAt = Samples.T0.AddDays(1), Summary = "could not reach it", FailedRuns = 2, UnreachableSince = Samples.T0 };

        Assert.True(await Store.UpdateWatchStateAsync(watch with { Endpoint = "changed.example.com:443", State = state }, Ct));

        AssertSame(watch with { State = state }, await Reopen().GetWatchAsync("w1", Ct));
        Assert.True(await Store.RemoveWatchAsync("slack:T1:C1", watch.Endpoint, Ct));
        Assert.False(await Store.UpdateWatchStateAsync(watch, Ct));
        Assert.Null(await Store.GetWatchAsync("w1", Ct));
    }
}
