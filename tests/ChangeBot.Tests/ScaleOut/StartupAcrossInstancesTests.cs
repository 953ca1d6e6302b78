using ChangeBot.Storage.Postgres;
using Npgsql;

namespace ChangeBot.Tests.ScaleOut;

/// <summary>
/// Two real server processes started at the same moment on an empty database, with the sample notice seeded
/// by both: the store's migrations and Hangfire's tables are installed once (the other instance waits on the
/// advisory lock and finds nothing to do), both become ready, and the sample notice is published once.
/// </summary>
public sealed class StartupAcrossInstancesTests
{
    private const string MigratedNow = "migrations applied now: ";

    [Fact]
    public async Task Start_TwoProcessesAtOnceOnEmptyDatabase_BothReadyAndSchemaMigratedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var database = await ChangeBotInstances.CreateDatabaseAsync(ct);

        await using var instances = await ChangeBotInstances.StartAsync(2, i =>
        {
            var settings = ChangeBotInstances.Settings(database.ConnectionString, i, slackApiBaseUrl: null);
            settings.Remove("ChangeBot__SeedNoticesDirectory"); // both load and publish the shipped sample notice
            settings["ChangeBot__SampleNotices"] = "true";
            return settings;
        }, ct);

        var reports = new[] { instances[0].Output, instances[1].Output }.Select(MigrationReport).ToList();
        var all = string.Join(", ", PostgresMigrator.All.Select(m => m.Version));
        Assert.Equal([all, "none"], reports.Order(StringComparer.Ordinal));
        Assert.Equal(PostgresMigrator.All.Select(m => (long)m.Version), await QueryAsync(database, "SELECT version::bigint FROM schema_migrations ORDER BY version", ct));
        Assert.Single(await QueryAsync(database, "SELECT version::bigint FROM hangfire.schema", ct));
        Assert.Equal([2L], await QueryAsync(database, "SELECT count(*) FROM hangfire.server", ct));

        // The seeding raced too: one notice, published once (the sample's window is past, so it is completed).
        using var client = instances.ApiClient(1);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/readyz", ct)).StatusCode);
        await using var store = new PostgresChangeBotStore(database.ConnectionString);
        var notice = Assert.Single(await store.ListNoticesAsync(ct));
        Assert.NotEqual(Core.Notices.NoticeState.Draft, notice.State);
        Assert.Single(await store.ListAuditAsync(100, ct), a => a.Action == "publish");
    }

    /// <summary>What the instance's start-up log says it migrated: "1, 2, …" or "none".</summary>
    private static string MigrationReport(string output)
    {
        var line = Assert.Single(output.Split('\n'), l => l.Contains(MigratedNow, StringComparison.Ordinal));
        return line[(line.IndexOf(MigratedNow, StringComparison.Ordinal) + MigratedNow.Length)..].Trim();
    }

    private static async Task<List<long>> QueryAsync(Testing.Postgres.ScratchDatabase database, string sql, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<long>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }
}
