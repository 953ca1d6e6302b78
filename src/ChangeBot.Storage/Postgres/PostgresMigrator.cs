using System.Globalization;
using System.Reflection;
using Npgsql;

namespace ChangeBot.Storage.Postgres;

/// <summary>
/// Brings a database to the store's schema: the embedded <c>Migrations/NNNN_name.sql</c> files not yet listed in
/// <c>schema_migrations</c> are applied in order, each in its own transaction with its row. The whole run holds a
/// session advisory lock, so instances starting together wait for one another and the schema is migrated once.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource)
{
    /// <summary>The advisory lock key every ChangeBot instance migrates under ("CHANGEBOT" in ASCII, cut to 64 bits).</summary>
    public const long LockKey = 0x4348_414E_4745_424F;

    private const string ResourcePrefix = "ChangeBot.Storage.Postgres.Migrations.";

    /// <summary>Every migration shipped with this build, oldest first.</summary>
    public static IReadOnlyList<Migration> All { get; } = LoadMigrations();

    /// <summary>Applies what is missing; returns the versions this call applied (empty when already up to date).</summary>
    /// <param name="alsoUnderLock">More start-up schema work (e.g. Hangfire's tables) to run while the lock is held.</param>
    public async Task<IReadOnlyList<int>> MigrateAsync(
        Func<NpgsqlConnection, CancellationToken, Task>? alsoUnderLock = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", ct, LockKey);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = await AppliedVersionsAsync(connection, ct);
            var appliedNow = new List<int>();
            foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
            {
                await ApplyAsync(connection, migration, ct);
                appliedNow.Add(migration.Version);
            }

            if (alsoUnderLock is not null)
            {
                await alsoUnderLock(connection, ct);
            }

            return appliedNow;
        }
        finally
        {
            // Unlock even when cancelled: the connection goes back to the pool, where a held lock would linger.
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(ct);
        }

        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        List<Migration> migrations = [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(m => m.Version)];
        var clash = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return clash is null
            ? migrations
            : throw new InvalidOperationException($"Migrations {string.Join(" and ", clash.Select(m => m.Name))} share version {clash.Key}.");
    }

    private static Migration Load(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        var digits = name.Split('_', 2)[0];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{name}.sql' must start with its version number, e.g. 0002_add_x.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }

    /// <summary>One schema change: <c>0001_initial.sql</c> is version 1, named <c>0001_initial</c>.</summary>
    public sealed record Migration(int Version, string Name, string Sql);
}
