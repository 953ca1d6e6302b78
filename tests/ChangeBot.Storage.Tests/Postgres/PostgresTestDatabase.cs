using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>A scratch database for one test, on the server <see cref="PostgresServer"/> finds; skips (fails in CI)
/// when there is none.</summary>
internal static class PostgresTestDatabase
{
    /// <summary>One migrated database per test process, copied for each test that wants a migrated one.</summary>
    private static readonly Lazy<Task<ScratchDatabase>> MigratedTemplate = new(CreateTemplateAsync);

    /// <summary>A fresh database: migrated (a copy of the migrated template), or empty.</summary>
    public static async Task<ScratchDatabase> CreateAsync(bool migrated = true)
    {
        var server = await PostgresServer.GetAsync();
        Prerequisite.Require(server.IsAvailable, server.Reason ?? "PostgreSQL is not reachable");
        var template = migrated ? (await MigratedTemplate.Value).Name : null;
        return await ScratchDatabase.CreateAsync(server.ConnectionString!, template, TestContext.Current.CancellationToken);
    }

    private static async Task<ScratchDatabase> CreateTemplateAsync()
    {
        var server = await PostgresServer.GetAsync();
        var template = await ScratchDatabase.CreateAsync(server.ConnectionString!);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(template);
        // Pooling off: a copy needs the template free of connections.
        var connectionString = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new PostgresMigrator(dataSource).MigrateAsync();
        return template;
    }

    /// <summary>Runs one query on its own connection and returns the first column of every row.</summary>
    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    /// <summary>At exit a throwaway server may already be gone, taking the template with it.</summary>
    private static void DropQuietly(ScratchDatabase template)
    {
        try
        {
            template.Dispose();
        }
        catch (NpgsqlException)
        {
        }
    }
}
