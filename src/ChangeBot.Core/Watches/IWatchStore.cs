namespace ChangeBot.Core.Watches;

/// <summary>The channels' watches. The per-channel limit and the one-watch-per-(channel, endpoint) rule are the
/// store's, applied atomically, so two people watching at once cannot pass the limit or add a twin.</summary>
public interface IWatchStore
{
    /// <summary>Adds <paramref name="watch"/> unless its channel already watches the endpoint or holds
    /// <paramref name="maxPerChannel"/> watches.</summary>
    Task<WatchAddResult> AddWatchAsync(Watch watch, int maxPerChannel, CancellationToken ct = default);

    /// <summary>Removes the channel's watch of <paramref name="endpoint"/>; false when there was none.</summary>
    Task<bool> RemoveWatchAsync(string channelKey, string endpoint, CancellationToken ct = default);

    /// <summary>The channel's watches, by endpoint (ordinal).</summary>
    Task<IReadOnlyList<Watch>> ListWatchesAsync(string channelKey, CancellationToken ct = default);

    /// <summary>One page of every watch, by id (ordinal): those after <paramref name="afterId"/>, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Watch>> ListAllWatchesAsync(string? afterId, int max, CancellationToken ct = default);

    Task<Watch?> GetWatchAsync(string id, CancellationToken ct = default);

    /// <summary>Stores <paramref name="watch"/>'s <see cref="Watch.State"/>; false when the watch was removed meanwhile.</summary>
    Task<bool> UpdateWatchStateAsync(Watch watch, CancellationToken ct = default);
}
