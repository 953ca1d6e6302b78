using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Benchmarks.SupportConsole;

/// <summary>
/// Where the console benchmark's server keeps its data (<c>--store litedb|postgres</c>): a LiteDB file in the
/// temp data directory, or a fresh database on the PostgreSQL server of <see cref="PostgresServer"/>
/// (<c>ConnectionStrings__Postgres</c>, or a throwaway cluster from the binaries on this machine), migrated before
/// seeding, as a scaled-out install runs (<c>ChangeBot:Storage=Postgres</c>).
/// </summary>
internal abstract class ConsoleBenchStore : IDisposable
{
    public abstract string Name { get; }

    /// <summary>The server's storage settings (command-line form).</summary>
    public abstract IReadOnlyList<string> ServerSettings { get; }

    /// <summary>A store of its own on the same data; the caller disposes it before the server opens the data
    /// (LiteDB allows one owner).</summary>
    public abstract IChangeBotStore Open();

    /// <summary>A store another server instance would have beside the running server, or null when the backend has
    /// one writer (LiteDB: the benchmark then writes through the server's own store).</summary>
    public virtual IChangeBotStore? OpenBesideServer() => null;

    /// <summary>Many answers in bulk, counted as one <see cref="IAcknowledgementStore.AddAcknowledgementAsync"/> each
    /// would be (both stores' internal seeding paths: one call each took minutes at this scale).</summary>
    public static Task AddAnswersAsync(IChangeBotStore store, IReadOnlyList<Acknowledgement> answers, CancellationToken ct) => store switch
    {
        LiteDbChangeBotStore lite => lite.AddAcknowledgementsAsync(answers),
        PostgresChangeBotStore postgres => postgres.AddAcknowledgementsAsync(answers, ct),
        _ => throw new NotSupportedException(store.GetType().Name),
    };

    public abstract void Dispose();

    /// <summary>After seeding: what a database that has been running looks like (PostgreSQL: vacuumed and analysed,
    /// instead of autovacuum working through the fresh rows while the pages are timed).</summary>
    public virtual Task SettleAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The notice's delivery documents fetched as the store fetches them but not parsed (how much of
    /// reading them is the database and the wire, and how much parsing); null where there is no such read.</summary>
    public virtual Func<CancellationToken, Task<int>>? RawReads(string noticeId) => null;

    /// <returns>the store, or null (with the reason written) when PostgreSQL was asked for and is not reachable.</returns>
    public static async Task<ConsoleBenchStore?> CreateAsync(string kind, DirectoryInfo data, CancellationToken ct)
    {
        if (string.Equals(kind, "litedb", StringComparison.OrdinalIgnoreCase))
        {
            return new LiteDb(Path.Combine(data.FullName, LiteDbChangeBotStore.FileName));
        }

        if (!string.Equals(kind, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--store '{kind}' is not a store; use litedb or postgres.", nameof(kind));
        }

        var server = await PostgresServer.GetAsync();
        if (!server.IsAvailable)
        {
            Console.WriteLine($"PostgreSQL: not reachable ({server.Reason})");
            return null;
        }

        var database = await ScratchDatabase.CreateAsync(server.ConnectionString!, ct: ct);
        await using (var migrations = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new PostgresMigrator(migrations).MigrateAsync(ct: ct);
        }

        return new Postgres(database);
    }

    private sealed class LiteDb(string file) : ConsoleBenchStore
    {
        public override string Name => "LiteDB";

        public override IReadOnlyList<string> ServerSettings => [];

        public override IChangeBotStore Open() => new LiteDbChangeBotStore(file);

        public override void Dispose()
        {
            // The file goes with the temp data directory.
        }
    }

    private sealed class Postgres(ScratchDatabase database) : ConsoleBenchStore
    {
        public override string Name => "PostgreSQL";

        public override IReadOnlyList<string> ServerSettings =>
            ["--ChangeBot:Storage=Postgres", $"--ConnectionStrings:Postgres={database.ConnectionString}"];

        public override IChangeBotStore Open() => new PostgresChangeBotStore(database.ConnectionString);

        public override IChangeBotStore? OpenBesideServer() => Open();

        public override async Task SettleAsync(CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync(ct);
        }

        public override Func<CancellationToken, Task<int>>? RawReads(string noticeId) => async ct =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT doc FROM deliveries WHERE notice_id = $1 ORDER BY created_ticks, key", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = noticeId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = 0;
            while (await reader.ReadAsync(ct))
            {
                rows += reader.GetString(0).Length > 0 ? 1 : 0;
            }

            return rows;
        };

        public override void Dispose()
        {
            // CONSOLE_BENCH_KEEP_DATABASE=1 keeps it for EXPLAIN ANALYZE in psql (drop it by hand afterwards).
            if (Environment.GetEnvironmentVariable("CONSOLE_BENCH_KEEP_DATABASE") == "1")
            {
                Console.WriteLine($"kept database {database.Name}");
                return;
            }

            database.Dispose();
        }
    }
}
