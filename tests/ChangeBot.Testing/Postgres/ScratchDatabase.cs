using Npgsql;

namespace ChangeBot.Testing.Postgres;

/// <summary>An empty database with a random name on a server, dropped on dispose, so tests are isolated and can
/// run in parallel on one server.</summary>
public sealed class ScratchDatabase : IDisposable
{
    private readonly string _serverConnectionString;

    private ScratchDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Creates the database, empty or as a copy of <paramref name="template"/> (which nobody may be connected to).</summary>
    public static async Task<ScratchDatabase> CreateAsync(string serverConnectionString, string? template = null, CancellationToken ct = default)
    {
        var database = new ScratchDatabase(serverConnectionString, "changebot_test_" + Guid.NewGuid().ToString("N"));
        // A file copy of a small template is several times faster than the default WAL-logged copy.
        var copy = template is null ? "" : $" TEMPLATE \"{template}\" STRATEGY FILE_COPY";
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\"{copy}", ct);
        return database;
    }

    /// <summary>An empty database on the test PostgreSQL server (<see cref="PostgresServer"/>); the test skips, or
    /// fails under CI, when there is none.</summary>
    public static async Task<ScratchDatabase> OnTestServerAsync(CancellationToken ct)
    {
        var server = await PostgresServer.GetAsync();
        Prerequisite.Require(server.IsAvailable, server.Reason ?? "PostgreSQL is not reachable");
        return await CreateAsync(server.ConnectionString!, ct: ct);
    }

    public void Dispose()
    {
        // FORCE: a store or Hangfire server left a pooled connection open; the database goes all the same.
        AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None).GetAwaiter().GetResult();
    }

    private async Task AdminAsync(string sql, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
