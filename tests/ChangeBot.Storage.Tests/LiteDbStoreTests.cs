using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Storage.Tests.Contract;

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
}
