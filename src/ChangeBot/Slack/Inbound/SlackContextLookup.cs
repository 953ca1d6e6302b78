using System.Collections.Concurrent;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Context for an incoming message that Slack does not send: the reader's time zone (users.info) and
/// the notice whose message a thread hangs under (from the delivery ledger's recorded message ts).
/// Both are cached; both are best effort and never fail the answer.
/// </summary>
internal sealed class SlackContextLookup(SlackApiClient api, IChangeBotStore store, TimeProvider time)
{
    private static readonly TimeSpan ZoneCacheFor = TimeSpan.FromHours(1);
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (string? Zone, DateTimeOffset Until)> _zones = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _threads = new(StringComparer.Ordinal);

    public async Task<string?> UserTimeZoneAsync(SlackRoute route, CancellationToken ct)
    {
        var key = route.Team + "|" + route.User;
        var now = time.GetUtcNow();
        if (_zones.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Zone;
        }

        string? zone;
        try
        {
            zone = (await api.GetUserAsync(new SlackWorkspace(route.Team, route.EnterpriseId), route.User, ct))?.Tz;
        }
        catch (SlackApiException)
        {
            zone = null;
        }

        Trim(_zones);
        _zones[key] = (zone, now + ZoneCacheFor);
        return zone;
    }

    /// <summary>The notice whose broadcast message has <paramref name="messageTs"/> in this channel.</summary>
    public async Task<string?> NoticeForMessageAsync(ConversationAddress address, string? messageTs, CancellationToken ct)
    {
        if (messageTs is null)
        {
            return null;
        }

        var key = address.Key + "|" + messageTs;
        if (_threads.TryGetValue(key, out var known))
        {
            return known;
        }

        string? found = null;
        foreach (var notice in await store.ListNoticesAsync(ct))
        {
            var deliveries = await store.ListDeliveriesAsync(notice.Id, ct);
            if (deliveries.Any(d => d.PlatformMessageId == messageTs && IsChannel(d.ChannelKey, address)))
            {
                found = notice.Id;
                break;
            }
        }

        Trim(_threads);
        _threads[key] = found;
        return found;
    }

    // The ledger's channel key is the address key, possibly followed by a subscription's filters.
    private static bool IsChannel(string channelKey, ConversationAddress address) =>
        channelKey == address.Key || channelKey.StartsWith(address.Key + "|", StringComparison.Ordinal);

    private static void Trim<T>(ConcurrentDictionary<string, T> cache)
    {
        if (cache.Count > MaxCached)
        {
            cache.Clear();
        }
    }
}
