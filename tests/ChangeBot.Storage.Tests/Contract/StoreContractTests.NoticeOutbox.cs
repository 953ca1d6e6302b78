using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary><see cref="INoticeOutbox"/>: a notice change and the deliveries it owes are written together or not at all.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task UpdateNoticeAndReserve_Wins_SavesTheNoticeAndItsDeliveries()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);
        var owed = new[] { Samples.Delivery(channel: "slack:T1:C1") with { Revision = 2 }, Samples.Delivery(channel: "slack:T1:C2") with { Revision = 2 } };

        Assert.True(await Store.UpdateNoticeAndReserveAsync(Samples.Notice("n1") with { State = NoticeState.Published }, 1, owed, Ct));

        var store = Reopen();
        Assert.Equal((NoticeState.Published, 2), ((await store.GetNoticeAsync("n1", Ct))!.State, (await store.GetNoticeAsync("n1", Ct))!.Revision));
        AssertSameAll(owed, await store.ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task UpdateNoticeAndReserve_StaleRevision_WritesNeitherNoticeNorDeliveries()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);
        Assert.True(await Store.UpdateNoticeAsync(Samples.Notice("n1") with { Title = "edited" }, 1, Ct));

        var saved = await Store.UpdateNoticeAndReserveAsync(Samples.Notice("n1") with { State = NoticeState.Published }, 1, [Samples.Delivery() with { Revision = 2 }], Ct);

        Assert.False(saved);
        var store = Reopen();
        Assert.Equal((NoticeState.Draft, "edited"), ((await store.GetNoticeAsync("n1", Ct))!.State, (await store.GetNoticeAsync("n1", Ct))!.Title));
        Assert.Empty(await store.ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task UpdateNoticeAndReserve_EightRacingWriters_OnlyTheWinnersDeliveriesAreOwed()
    {
        var store = Store;
        await store.ImportNoticesAsync([Samples.Notice("n1")], Ct);

        var wins = await RaceAsync(8, i => store.UpdateNoticeAndReserveAsync(Samples.Notice("n1") with { Title = $"writer {i}" }, 1,
            [Samples.Delivery(channel: $"slack:T1:W{i}") with { Revision = 2 }], Ct));

        var winner = Array.IndexOf(wins, true);
        Assert.Single(wins, won => won);
        Assert.Equal([$"slack:T1:W{winner}"], (await Reopen().ListDeliveriesAsync("n1", Ct)).Select(d => d.ChannelKey));
        Assert.Equal($"writer {winner}", (await Store.GetNoticeAsync("n1", Ct))!.Title);
    }

    [Fact]
    public async Task UpdateNoticeAndReserve_WhileTheProgressIsWatched_TheCountFollows()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);
        // The console opened the notice before it was published: a store may keep its count from here on.
        Assert.Equal(0, (await Store.CountProgressAsync("n1", 0, Ct)).Pending);
        var owed = new[] { Samples.Delivery(channel: "slack:T1:C1") with { Revision = 2 }, Samples.Delivery(channel: "slack:T1:C2") with { Revision = 2 } };

        Assert.True(await Store.UpdateNoticeAndReserveAsync(Samples.Notice("n1") with { State = NoticeState.Published }, 1, owed, Ct));

        AssertSameProgress(BroadcastProgress.Of(await Store.ListDeliveriesAsync("n1", Ct), 0), await Store.CountProgressAsync("n1", 0, Ct));
        Assert.Equal(2, (await Store.CountProgressAsync("n1", 0, Ct)).Pending);
    }
}
