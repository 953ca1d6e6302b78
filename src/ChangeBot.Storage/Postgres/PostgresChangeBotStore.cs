using ChangeBot.Core.Storage;
using Npgsql;

namespace ChangeBot.Storage.Postgres;

/// <summary>
/// The scale-out store: PostgreSQL shared by every instance. Each record is its <see cref="StoreJson"/> document
/// in a <c>jsonb</c> column next to the key columns (schema in <c>Migrations/</c>; run <see cref="PostgresMigrator"/>
/// before use). Every uniqueness rule is a database constraint used with <c>ON CONFLICT</c>, and every
/// read-then-write is one statement or one transaction, so instances never race each other through a gap.
/// </summary>
public sealed partial class PostgresChangeBotStore : IChangeBotStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>A store with its own connection pool, closed when the store is disposed.</summary>
    public PostgresChangeBotStore(string connectionString)
        : this(NpgsqlDataSource.Create(connectionString), ownsDataSource: true)
    {
    }

    /// <summary>A store on a pool owned by the caller.</summary>
    public PostgresChangeBotStore(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresChangeBotStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        // A table of ours, not "SELECT 1": a database that was never migrated is not ready either.
        return await ScalarAsync<bool>("SELECT EXISTS (SELECT FROM schema_migrations)", ct);
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }

    /// <summary>Runs one statement on a pooled connection; returns the rows it affected.</summary>
    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params object?[] args)
    {
        await using var command = Command(sql, args);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params object?[] args)
    {
        await using var command = Command(sql, args);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Reads the first column (a document) of every row.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, CancellationToken ct, params object?[] args)
    {
        await using var command = Command(sql, args);
        return await ReadDocumentsAsync<T>(command, ct);
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, CancellationToken ct, params object?[] args)
        where T : class => (await QueryAsync<T>(sql, ct, args)).SingleOrDefault();

    private NpgsqlCommand Command(string sql, object?[] args) => WithArgs(_dataSource.CreateCommand(sql), args);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object?[] args) =>
        WithArgs(new NpgsqlCommand(sql, connection, transaction), args);

    /// <summary>Binds <c>$1</c>, <c>$2</c>, … in order. Documents travel as text and are cast (<c>$n::jsonb</c>) in the SQL.</summary>
    private static NpgsqlCommand WithArgs(NpgsqlCommand command, object?[] args)
    {
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }

        return command;
    }

    private static async Task<List<T>> ReadDocumentsAsync<T>(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(StoreJson.Deserialize<T>(reader.GetString(0)));
        }

        return rows;
    }

    /// <summary>The column value of an instant: UTC ticks, what LiteDB compares too.</summary>
    private static long Ticks(DateTimeOffset at) => at.UtcTicks;
}
