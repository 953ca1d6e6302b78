using ChangeBot.Core.Watches;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    private readonly SortedDictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    public Task<WatchAddResult> AddWatchAsync(Watch watch, int maxPerChannel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        lock (_gate)
        {
            var channel = _watches.Values.Where(w => w.ChannelKey == watch.ChannelKey).ToList();
            if (channel.Any(w => w.Endpoint == watch.Endpoint) || _watches.ContainsKey(watch.Id))
            {
                return Task.FromResult(WatchAddResult.AlreadyWatched);
            }

            if (channel.Count >= maxPerChannel)
            {
                return Task.FromResult(WatchAddResult.ChannelFull);
            }

            _watches[watch.Id] = watch;
            return Task.FromResult(WatchAddResult.Added);
        }
    }

    public Task<bool> RemoveWatchAsync(string channelKey, string endpoint, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var found = _watches.Values.FirstOrDefault(w => w.ChannelKey == channelKey && w.Endpoint == endpoint);
            return Task.FromResult(found is not null && _watches.Remove(found.Id));
        }
    }

    public Task<IReadOnlyList<Watch>> ListWatchesAsync(string channelKey, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Watch>>([.. _watches.Values.Where(w => w.ChannelKey == channelKey).OrderBy(w => w.Endpoint, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<Watch>> ListAllWatchesAsync(string? afterId, int max, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Watch>>([.. _watches.Values.Where(w => string.CompareOrdinal(w.Id, afterId ?? "") > 0).Take(max)]);
        }
    }

    public Task<Watch?> GetWatchAsync(string id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_watches.GetValueOrDefault(id));
        }
    }

    public Task<bool> UpdateWatchStateAsync(Watch watch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        lock (_gate)
        {
            if (!_watches.TryGetValue(watch.Id, out var stored))
            {
                return Task.FromResult(false);
            }

            _watches[watch.Id] = stored with { State = watch.State };
            return Task.FromResult(true);
        }
    }
}
