using System.Globalization;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Storage.Tests.Contract;
using LiteDB;

namespace ChangeBot.Storage.Tests;

/// <summary>The contract on a LiteDB file in a fresh folder; every <c>Reopen()</c> closes and reopens the file.</summary>
public sealed class LiteDbStoreTests : StoreContractTests
{
    private readonly TempDirectory _data = new();

    private string DatabasePath => _data.File("changebot.db");

    protected override IChangeBotStore OpenStore() => new LiteDbChangeBotStore(DatabasePath);

    protected override void SetImportFault(IChangeBotStore store, Action<Notice>? beforeEachWrite) =>
        ((LiteDbChangeBotStore)store).BeforeEachImportWrite = beforeEachWrite;

    protected override void DisposeStorage() => _data.Dispose();

    [Fact]
    public void Open_FileHeldByAnotherStore_ThrowsStoreInUseNamingTheFile()
    {
        _ = Store;

        var error = Assert.Throws<StoreInUseException>(() => new LiteDbChangeBotStore(DatabasePath));

        Assert.Equal(DatabasePath, error.DatabasePath);
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AfterHolderDisposed_Succeeds()
    {
        await Store.SetSecretAsync("k", "v", Ct);
        ((IDisposable)Store).Dispose();

        using var second = new LiteDbChangeBotStore(DatabasePath);

        Assert.Equal("v", await second.GetSecretAsync("k", Ct));
    }

    [Fact]
    public async Task Open_AnswersWrittenBeforeDuplicatesWereRefused_KeepsOneOfEachAndRefusesNewRepeats()
    {
        var ready = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0);
        var help = ready with { Answer = AckAnswer.NeedHelp, At = Samples.T0.AddMinutes(1) };
        var ordinal = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);
        using (var earlierVersion = new LiteDatabase(new ConnectionString { Filename = DatabasePath, Collation = ordinal }))
        {
            var acks = earlierVersion.GetCollection("acknowledgements", BsonAutoId.Int64);
            foreach (var ack in new[] { ready, ready, help })
            {
                acks.Insert(new BsonDocument { ["noticeId"] = ack.NoticeId, ["at"] = ack.At.UtcTicks, ["json"] = StoreJson.Serialize(ack) });
            }
        }

        await Store.AddAcknowledgementAsync(help, Ct);

        AssertSameAll([ready, help], await Reopen().ListAcknowledgementsAsync("n1", Ct));
    }

    [Fact]
    public async Task CountReadiness_FileWrittenBeforeTheCounters_CountsFromRowsReadOnlyAndBuildsThemOnOpen()
    {
        var answers = new[]
        {
            new Acknowledgement("n1", "slack:T1:C1", AckAnswer.NeedHelp, "U1", Samples.T0),
            new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0.AddMinutes(1)),
            new Acknowledgement("n1", "slack:T1:C3", AckAnswer.NotAffected, "U1", Samples.T0),
        };
        await Store.TryReserveDeliveriesAsync([Samples.Delivery("n1", "slack:T1:C1"), Samples.Delivery("n1", "slack:T1:C2")], Ct);
        foreach (var answer in answers)
        {
            await Store.AddAcknowledgementAsync(answer, Ct);
        }

        ((IDisposable)Store).Dispose();
        var ordinal = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);
        using (var earlierVersion = new LiteDatabase(new ConnectionString { Filename = DatabasePath, Collation = ordinal }))
        {
            Assert.True(earlierVersion.DropCollection("readiness_counts"));
            Assert.True(earlierVersion.DropCollection("readiness_channels"));
        }

        var expected = new ReadinessCounts(Channels: 3, Ready: 1, NotAffected: 1, NeedHelp: 0, NoAnswer: 1);
        using (var readOnly = LiteDbChangeBotStore.OpenReadOnly(DatabasePath))
        {
            Assert.Equal(expected, (await readOnly.CountReadinessAsync(["n1"], Ct))["n1"]);
        }

        var store = Reopen();
        Assert.Equal(expected, (await store.CountReadinessAsync(["n1"], Ct))["n1"]);
        await store.AddAcknowledgementAsync(new Acknowledgement("n1", "slack:T1:C2", AckAnswer.NeedHelp, "U2", Samples.T0), Ct);
        Assert.Equal(expected with { NeedHelp = 1, NoAnswer = 0 }, (await Reopen().CountReadinessAsync(["n1"], Ct))["n1"]);
    }

    [Fact]
    public async Task AddAcknowledgements_ManyInOneCall_StoredAndCountedAsOneByOne()
    {
        var ready = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0);
        var help = new Acknowledgement("n1", "slack:T1:C2", AckAnswer.NeedHelp, "U1", Samples.T0);
        var later = ready with { Answer = AckAnswer.NotAffected, At = Samples.T0.AddMinutes(1) };
        var store = (LiteDbChangeBotStore)Store;
        await store.AddAcknowledgementsAsync([ready, help, ready, later]);
        await store.AddAcknowledgementsAsync([help]);

        AssertSameAll([ready, help, later], await Reopen().ListAcknowledgementsAsync("n1", Ct));
        Assert.Equal(new ReadinessCounts(2, 0, 1, 1, 0), (await Store.CountReadinessAsync(["n1"], Ct))["n1"]);
    }

    [Fact]
    public async Task ListPassageVectors_SeveralReadBatches_ReturnsEveryVectorOfThatModelOnceAndNoNeighbours()
    {
        var batch = LiteDbChangeBotStore.VectorReadBatch;
        var own = Enumerable.Range(0, (2 * batch) + 1).Select(i => new PassageVector($"h{i:D5}", [i, -i])).ToList();
        await Store.SavePassageVectorsAsync("minilm", own, Ct);
        // Models whose ids sort just before ("minilm-x|", "minilmz|") and just after ("minilm}|", "minilm~|") this one's.
        foreach (var neighbour in new[] { "minilm-x", "minilmz", "minilm}", "minilm~", "minil" })
        {
            await Store.SavePassageVectorsAsync(neighbour, [new PassageVector("h00000", [-1f, 1f]), new PassageVector("other", [0f, 0f])], Ct);
        }

        var stored = await Reopen().ListPassageVectorsAsync("minilm", Ct);

        Assert.Equal(own.Select(v => v.ContentHash), stored.Select(v => v.ContentHash).Order(StringComparer.Ordinal));
        Assert.All(stored, v => Assert.Equal(own[int.Parse(v.ContentHash[1..], CultureInfo.InvariantCulture)].Vector, v.Vector));
        Assert.Equal(2, (await Reopen().ListPassageVectorsAsync("minilm}", Ct)).Count);
    }
}
