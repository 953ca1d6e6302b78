using System.Threading.RateLimiting;

namespace ChangeBot.BotFramework.Connector;

/// <summary>
/// Teams' per-bot, per-thread send limits (docs/platforms.md#teams-rate-limits: 7 per second, 60 per 30 seconds, 1800 per
/// hour), kept on our side so a broadcast waits its turn instead of collecting 429s. A chat, group chat
/// or channel is one thread; replies inside a channel thread count against the channel.
/// </summary>
internal sealed class ConversationRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.CreateChained(
        Window(7, TimeSpan.FromSeconds(1), 1),
        Window(60, TimeSpan.FromSeconds(30), 6),
        Window(1800, TimeSpan.FromHours(1), 12));

    /// <summary>Waits for a slot; throws <see cref="RateLimitRejectedException"/> when too many sends are queued.</summary>
    public async ValueTask AcquireAsync(string threadKey, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(threadKey, 1, ct);
        if (!lease.IsAcquired)
        {
            throw new RateLimitRejectedException($"too many messages queued for one Teams conversation ({threadKey})");
        }
    }

    /// <summary>The thread a conversation id belongs to: a channel thread (<c>…;messageid=…</c>) counts as its channel.</summary>
    public static string ThreadKey(string conversationId)
    {
        var cut = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? conversationId : conversationId[..cut];
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    private static PartitionedRateLimiter<string> Window(int permits, TimeSpan window, int segments) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = segments,
            QueueLimit = 500,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
}

internal sealed class RateLimitRejectedException(string message) : Exception(message);
