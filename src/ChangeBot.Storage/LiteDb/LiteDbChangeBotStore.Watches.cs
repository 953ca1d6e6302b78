using ChangeBot.Core.Watches;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>Endpoint watches; the count-then-add of the per-channel limit runs under the write gate.</summary>
public sealed partial class LiteDbChangeBotStore
{
    private ILiteCollection<BsonDocument> Watches => _db.GetCollection("watches");

    public Task<WatchAddResult> AddWatchAsync(Watch watch, int maxPerChannel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            var watches = Watches;
            watches.EnsureIndex(Columns.Address);
            var channel = watches.Find(Query.EQ(Columns.Address, watch.ChannelKey)).ToList();
            if (channel.Any(d => d[WatchEndpointColumn].AsString == watch.Endpoint))
            {
                return Task.FromResult(WatchAddResult.AlreadyWatched);
            }

            if (channel.Count >= maxPerChannel)
            {
                return Task.FromResult(WatchAddResult.ChannelFull);
            }

            watches.Insert(new BsonDocument
            {
                [Columns.Id] = watch.Id,
                [Columns.Address] = watch.ChannelKey,
                [WatchEndpointColumn] = watch.Endpoint,
                [Columns.Json] = StoreJson.Serialize(watch),
            });
            return Task.FromResult(WatchAddResult.Added);
        }
    }

    public Task<bool> RemoveWatchAsync(string channelKey, string endpoint, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            return Task.FromResult(Watches.DeleteMany(Query.And(Query.EQ(Columns.Address, channelKey), Query.EQ(WatchEndpointColumn, endpoint))) > 0);
        }
    }

    public Task<IReadOnlyList<Watch>> ListWatchesAsync(string channelKey, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<Watch>>([.. Watches.Find(Query.EQ(Columns.Address, channelKey))
            .Select(Read).OrderBy(w => w.Endpoint, StringComparer.Ordinal)]);
    }

    public Task<IReadOnlyList<Watch>> ListAllWatchesAsync(string? afterId, int max, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        // _id is ordered with the database's ordinal collation.
        return Task.FromResult<IReadOnlyList<Watch>>([.. Watches.Find(Query.GT(Columns.Id, afterId ?? ""), limit: max).Select(Read)]);
    }

    public Task<Watch?> GetWatchAsync(string id, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Watches.FindById(id) is { } doc ? Read(doc) : null);
    }

    public Task<bool> UpdateWatchStateAsync(Watch watch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            var watches = Watches;
            if (watches.FindById(watch.Id) is not { } doc)
            {
                return Task.FromResult(false);
            }

            // Only the state changes: the identity stays as added, whatever the caller's copy says.
            doc[Columns.Json] = StoreJson.Serialize(Read(doc) with { State = watch.State });
            return Task.FromResult(watches.Update(doc));
        }
    }

    private const string WatchEndpointColumn = "endpoint";

    private static Watch Read(BsonDocument doc) => StoreJson.Deserialize<Watch>(doc[Columns.Json].AsString);
}
