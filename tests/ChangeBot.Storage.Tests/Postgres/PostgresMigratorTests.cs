using ChangeBot.Storage.Postgres;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>Schema creation at start-up, including several instances starting at once on an empty database.</summary>
public sealed class PostgresMigratorTests : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _pools = [];
    private ScratchDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int[] AllVersions => [.. PostgresMigrator.All.Select(m => m.Version)];

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(migrated: false);

    [Fact]
    public void All_ShippedMigrations_StartAtOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, PostgresMigrator.All.Count), AllVersions);
        Assert.Equal("0001_initial", PostgresMigrator.All[0].Name);
    }

    [Fact]
    public async Task Migrate_TwoInstancesAtOnceOnEmptyDatabase_EachMigrationAppliedOnce()
    {
        var first = new PostgresMigrator(Pool());
        var second = new PostgresMigrator(Pool());

        var applied = await Race.AtOnceAsync(2, i => (i == 0 ? first : second).MigrateAsync(ct: Ct));

        // One of them did all the work, the other waited on the lock and found nothing left to do.
        Assert.Equal(AllVersions, applied.SelectMany(v => v).Order());
        Assert.Contains(applied, v => v.Count == 0);
        Assert.Equal(AllVersions, await RecordedVersionsAsync());
        Assert.Equal([0L], await QueryAsync<long>("SELECT count(*) FROM notices"));
    }

    [Fact]
    public async Task Migrate_AlreadyUpToDate_AppliesNothingAndKeepsData()
    {
        var migrator = new PostgresMigrator(Pool());
        await migrator.MigrateAsync(ct: Ct);
        await using (var store = new PostgresChangeBotStore(_database!.ConnectionString))
        {
            await store.SetSecretAsync("k", "v", Ct);
        }

        var again = await migrator.MigrateAsync(ct: Ct);

        Assert.Empty(again);
        Assert.Equal(AllVersions, await RecordedVersionsAsync());
        Assert.Equal(["v"], await QueryAsync<string>("SELECT value FROM secrets"));
    }

    [Fact]
    public async Task Migrate_AlsoUnderLock_RunsWhileOtherInstancesWait()
    {
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstHoldsLock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new PostgresMigrator(Pool()).MigrateAsync(async (_, _) =>
        {
            firstHoldsLock.SetResult();
            await releaseFirst.Task;
        }, Ct);
        await firstHoldsLock.Task.WaitAsync(Ct);

        var second = new PostgresMigrator(Pool()).MigrateAsync(ct: Ct);
        try
        {
            await WaitUntilSomeoneWaitsForAdvisoryLockAsync();
            Assert.False(second.IsCompleted);
        }
        finally
        {
            releaseFirst.SetResult();
        }

        Assert.Equal(AllVersions, await first);
        Assert.Empty(await second);
    }

    [Fact]
    public async Task Ping_DatabaseNeverMigrated_FailsUntilMigrated()
    {
        await using var store = new PostgresChangeBotStore(_database!.ConnectionString);

        await Assert.ThrowsAsync<PostgresException>(() => store.PingAsync(Ct));
        await new PostgresMigrator(Pool()).MigrateAsync(ct: Ct);
        Assert.True(await store.PingAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }

        _database?.Dispose();
    }

    private NpgsqlDataSource Pool()
    {
        var pool = NpgsqlDataSource.Create(_database!.ConnectionString);
        _pools.Add(pool);
        return pool;
    }

    /// <summary>The server's own lock table shows the second migrator blocked, not merely slow.</summary>
    private async Task WaitUntilSomeoneWaitsForAdvisoryLockAsync()
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await QueryAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))[0] == 0)
        {
            await Task.Delay(20, bound.Token);
        }
    }

    private async Task<int[]> RecordedVersionsAsync() => [.. await QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")];

    private Task<List<T>> QueryAsync<T>(string sql) => PostgresTestDatabase.QueryAsync<T>(_database!.ConnectionString, sql);
}
