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
}
