using ChangeBot.Core.Watches;

namespace ChangeBot.Storage.Postgres;

/// <summary>Endpoint watches. The per-channel limit is counted and applied in one transaction under an advisory
/// lock on the channel, so instances adding at once queue instead of both passing the count.</summary>
public sealed partial class PostgresChangeBotStore
{
    /// <summary>Advisory-lock namespace of per-channel watch additions (the key is the channel's hash).</summary>
    private const int WatchLockSpace = 0x57415443; // "WATC"

    public async Task<WatchAddResult> AddWatchAsync(Watch watch, int maxPerChannel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockChannel = Command(connection, transaction, "SELECT pg_advisory_xact_lock($1, hashtext($2))", WatchLockSpace, watch.ChannelKey))
        {
            await lockChannel.ExecuteNonQueryAsync(ct);
        }

        long count;
        bool twin;
        await using (var read = Command(connection, transaction,
            "SELECT count(*), coalesce(bool_or(endpoint = $2), false) FROM watches WHERE channel_key = $1", watch.ChannelKey, watch.Endpoint))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            count = reader.GetInt64(0);
            twin = reader.GetBoolean(1);
        }

        if (twin)
        {
            return WatchAddResult.AlreadyWatched;
        }

        if (count >= maxPerChannel)
        {
            return WatchAddResult.ChannelFull;
        }

        await using (var insert = Command(connection, transaction,
            "INSERT INTO watches (id, channel_key, endpoint, doc) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING",
            watch.Id, watch.ChannelKey, watch.Endpoint, StoreJson.Serialize(watch)))
        {
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                return WatchAddResult.AlreadyWatched;
            }
        }

        await transaction.CommitAsync(ct);
        return WatchAddResult.Added;
    }

    public async Task<bool> RemoveWatchAsync(string channelKey, string endpoint, CancellationToken ct = default) =>
        await ExecuteAsync("DELETE FROM watches WHERE channel_key = $1 AND endpoint = $2", ct, channelKey, endpoint) > 0;

    public async Task<IReadOnlyList<Watch>> ListWatchesAsync(string channelKey, CancellationToken ct = default) =>
        await QueryAsync<Watch>("SELECT doc FROM watches WHERE channel_key = $1 ORDER BY endpoint", ct, channelKey);

    public async Task<IReadOnlyList<Watch>> ListAllWatchesAsync(string? afterId, int max, CancellationToken ct = default) =>
        await QueryAsync<Watch>("SELECT doc FROM watches WHERE id > $1 ORDER BY id LIMIT $2", ct, afterId ?? "", max);

    public Task<Watch?> GetWatchAsync(string id, CancellationToken ct = default) =>
        QuerySingleAsync<Watch>("SELECT doc FROM watches WHERE id = $1", ct, id);

    public async Task<bool> UpdateWatchStateAsync(Watch watch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        // Only the state changes: the identity columns stay as added, whatever the caller's copy says.
        return await ExecuteAsync("UPDATE watches SET doc = jsonb_set(doc, '{state}', ($2::jsonb)->'state') WHERE id = $1", ct,
            watch.Id, StoreJson.Serialize(watch)) > 0;
    }
}
