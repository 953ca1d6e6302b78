using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ImportNotices_NewNotices_CreatesRevisionOneAndKeepsEveryField()
    {
        var a = Samples.Notice("a-rotation") with { Revision = 7 };
        var b = Samples.Notice("b-rotation", hash: "h2");

        var results = await Store.ImportNoticesAsync([a, b], Ct);

        Assert.Equal([new ImportResult("a-rotation", ImportOutcome.Created, 1), new ImportResult("b-rotation", ImportOutcome.Created, 1)], results);
        var store = Reopen();
        AssertSame(a with { Revision = 1 }, await store.GetNoticeAsync("a-rotation", Ct));
        AssertSameAll([a with { Revision = 1 }, b], await store.ListNoticesAsync(Ct));
        AssertSameAll([a with { Revision = 1 }], await store.GetRevisionsAsync("a-rotation", Ct));
    }

    [Fact]
    public async Task ImportNotices_SameHash_IsUnchangedAndKeepsStoredCopy()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);

        var results = await Store.ImportNoticesAsync([Samples.Notice("n1", title: "Edited but same hash")], Ct);

        Assert.Equal([new ImportResult("n1", ImportOutcome.Unchanged, 1)], results);
        var store = Reopen();
        Assert.Equal("Root CA rotation", (await store.GetNoticeAsync("n1", Ct))!.Title);
        Assert.Single(await store.GetRevisionsAsync("n1", Ct));
    }

    [Fact]
    public async Task ImportNotices_ChangedHash_BumpsRevisionKeepsStateAndHistory()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);
        Assert.True(await Store.UpdateNoticeAsync(Samples.Notice("n1") with { State = NoticeState.Published }, 1, Ct));

        var changed = Samples.Notice("n1", hash: "h9", title: "Root CA rotation (new date)");
        var results = await Store.ImportNoticesAsync([changed], Ct);

        Assert.Equal([new ImportResult("n1", ImportOutcome.Updated, 3)], results);
        var store = Reopen();
        AssertSame(changed with { Revision = 3, State = NoticeState.Published }, await store.GetNoticeAsync("n1", Ct));
        var revisions = await store.GetRevisionsAsync("n1", Ct);
        Assert.Equal([1, 2, 3], revisions.Select(r => r.Revision));
        Assert.Equal(["h1", "h1", "h9"], revisions.Select(r => r.ContentHash));
    }

    [Fact]
    public async Task ImportNotices_DuplicateIdInBatch_ThrowsAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.ImportNoticesAsync([Samples.Notice("fresh"), Samples.Notice("dup"), Samples.Notice("dup", hash: "h2")], Ct));

        Assert.Contains("'dup'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Reopen().ListNoticesAsync(Ct));
    }

    [Fact]
    public async Task ImportNotices_FailureAfterFirstWrite_StoresNothing()
    {
        await Store.ImportNoticesAsync([Samples.Notice("existing")], Ct);
        var writes = 0;
        SetImportFault(Store, _ =>
        {
            if (++writes == 2)
            {
                throw new IOException("disk went away");
            }
        });

        await Assert.ThrowsAsync<IOException>(() =>
            Store.ImportNoticesAsync([Samples.Notice("existing", hash: "h2"), Samples.Notice("new")], Ct));

        Assert.Equal(2, writes);
        SetImportFault(Store, null);
        var store = Reopen();
        AssertSameAll([Samples.Notice("existing")], await store.ListNoticesAsync(Ct));
        Assert.Single(await store.GetRevisionsAsync("existing", Ct));
        Assert.Empty(await store.GetRevisionsAsync("new", Ct));
        // The store is still usable after the rollback.
        Assert.Equal(ImportOutcome.Created, (await store.ImportNoticesAsync([Samples.Notice("new")], Ct))[0].Outcome);
    }

    [Fact]
    public async Task UpdateNotice_ExpectedRevision_SavesNextRevision()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);

        var saved = await Store.UpdateNoticeAsync(Samples.Notice("n1") with { State = NoticeState.Cancelled, Revision = 99 }, 1, Ct);

        Assert.True(saved);
        var store = Reopen();
        AssertSame(Samples.Notice("n1") with { State = NoticeState.Cancelled, Revision = 2 }, await store.GetNoticeAsync("n1", Ct));
        Assert.Equal([1, 2], (await store.GetRevisionsAsync("n1", Ct)).Select(r => r.Revision));
    }

    [Fact]
    public async Task UpdateNotice_StaleRevision_ReturnsFalseAndChangesNothing()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);
        Assert.True(await Store.UpdateNoticeAsync(Samples.Notice("n1") with { State = NoticeState.Published }, 1, Ct));

        var saved = await Store.UpdateNoticeAsync(Samples.Notice("n1") with { State = NoticeState.Cancelled }, 1, Ct);

        Assert.False(saved);
        var stored = await Reopen().GetNoticeAsync("n1", Ct);
        Assert.Equal((NoticeState.Published, 2), (stored!.State, stored.Revision));
    }

    [Fact]
    public async Task UpdateNotice_UnknownId_ReturnsFalseAndCreatesNothing()
    {
        Assert.False(await Store.UpdateNoticeAsync(Samples.Notice("ghost"), 1, Ct));
        Assert.Null(await Store.GetNoticeAsync("ghost", Ct));
    }

    [Fact]
    public async Task UpdateNotice_EightRacingWriters_ExactlyOneWins()
    {
        var store = Store;
        await store.ImportNoticesAsync([Samples.Notice("n1")], Ct);

        var wins = await RaceAsync(8, i => store.UpdateNoticeAsync(Samples.Notice("n1") with { Title = $"writer {i}" }, 1, Ct));

        Assert.Single(wins, won => won);
        var winner = Array.IndexOf(wins, true);
        var stored = await Reopen().GetNoticeAsync("n1", Ct);
        Assert.Equal(($"writer {winner}", 2), (stored!.Title, stored.Revision));
    }

    [Fact]
    public async Task TryImportNotice_TwoSavesFromTheSameRevisionAtOnce_ExactlyOneWins()
    {
        var store = Store;
        await store.ImportNoticesAsync([Samples.Notice("n1")], Ct);
        Assert.True(await store.UpdateNoticeAsync(Samples.Notice("n1") with { State = NoticeState.Published }, 1, Ct));

        // Two support people save their edits of revision 2 at the same moment (rounds: a race may need a few).
        for (var round = 0; round < 10; round++)
        {
            var revision = (await store.GetNoticeAsync("n1", Ct))!.Revision;
            var results = await RaceAsync(2, i => store.TryImportNoticeAsync(
                Samples.Notice("n1", hash: $"r{round}w{i}", title: $"round {round} writer {i}"), revision, Ct));

            var winner = Assert.Single(results, r => r is not null)!;
            Assert.Equal(new ImportResult("n1", ImportOutcome.Updated, revision + 1), winner);
            var stored = await store.GetNoticeAsync("n1", Ct);
            Assert.Equal(($"round {round} writer {Array.IndexOf(results, winner)}", revision + 1, NoticeState.Published), (stored!.Title, stored.Revision, stored.State));
        }

        Assert.Equal(12, (await Reopen().GetRevisionsAsync("n1", Ct)).Count);
    }

    [Fact]
    public async Task TryImportNotice_StaleOrMissingRevision_ReturnsNullAndChangesNothing()
    {
        await Store.ImportNoticesAsync([Samples.Notice("n1")], Ct);

        Assert.Null(await Store.TryImportNoticeAsync(Samples.Notice("n1", hash: "h2"), 0, Ct)); // "new", but it exists
        Assert.Null(await Store.TryImportNoticeAsync(Samples.Notice("n1", hash: "h2"), 2, Ct));
        Assert.Null(await Store.TryImportNoticeAsync(Samples.Notice("ghost"), 1, Ct));

        var store = Reopen();
        Assert.Equal(["h1"], (await store.GetRevisionsAsync("n1", Ct)).Select(r => r.ContentHash));
        Assert.Null(await store.GetNoticeAsync("ghost", Ct));
        Assert.Equal(new ImportResult("fresh", ImportOutcome.Created, 1), await store.TryImportNoticeAsync(Samples.Notice("fresh"), 0, Ct));
        Assert.Equal(new ImportResult("n1", ImportOutcome.Unchanged, 1), await store.TryImportNoticeAsync(Samples.Notice("n1"), 1, Ct));
        Assert.Equal(new ImportResult("n1", ImportOutcome.Updated, 2), await store.TryImportNoticeAsync(Samples.Notice("n1", hash: "h2"), 1, Ct));
    }

    [Fact]
    public async Task GetNotice_UnknownId_ReturnsNullAndNoRevisions()
    {
        Assert.Null(await Store.GetNoticeAsync("nope", Ct));
        Assert.Empty(await Store.GetRevisionsAsync("nope", Ct));
    }

    [Fact]
    public async Task ListNotices_IdsDifferingOnlyInCase_AreDistinctAndOrderedById()
    {
        await Store.ImportNoticesAsync([Samples.Notice("b"), Samples.Notice("a"), Samples.Notice("B")], Ct);

        Assert.Equal(["B", "a", "b"], (await Reopen().ListNoticesAsync(Ct)).Select(n => n.Id));
    }
}
