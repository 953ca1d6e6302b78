using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.Postgres;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.Postgres;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The contract on a real PostgreSQL server, in a fresh migrated database per test; every <c>Reopen()</c>
/// is a new store instance with its own connection pool, as another server instance would have.</summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private readonly List<PostgresChangeBotStore> _others = [];
    private ScratchDatabase? _database;

    protected override IChangeBotStore OpenStore()
    {
        // The contract opens stores synchronously; creating the database is the one slow step, done once per test.
        _database ??= PostgresTestDatabase.CreateAsync().GetAwaiter().GetResult();
        return new PostgresChangeBotStore(_database.ConnectionString);
    }

    /// <summary>Another server instance: a store of its own (pool and memory) on the same database.</summary>
    protected override IChangeBotStore OpenOtherInstance()
    {
        _ = Store;
        var other = new PostgresChangeBotStore(_database!.ConnectionString);
        _others.Add(other);
        return other;
    }

    protected override void SetImportFault(IChangeBotStore store, Action<Notice>? beforeEachWrite) =>
        ((PostgresChangeBotStore)store).BeforeEachImportWrite = beforeEachWrite;

    protected override void DisposeStorage()
    {
        _others.ForEach(o => o.Dispose());
        _database?.Dispose();
    }
}
