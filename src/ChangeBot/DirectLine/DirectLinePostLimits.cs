using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ChangeBot.DirectLine;

/// <summary>
/// Posts per minute per conversation and per client address: a token bucket (System.Threading.RateLimiting) per
/// key, all refilled together each minute by a timer on the injected clock rather than the library's own timer,
/// so the limits follow TimeProvider.
/// </summary>
internal sealed class DirectLinePostLimits : IDisposable
{
    public const int PostsPerMinutePerConversation = 20;
    public const int PostsPerMinutePerAddress = 60;

    /// <summary>Beyond this many addresses seen in one minute, new ones are refused until the next refill.</summary>
    public const int MaxTrackedAddresses = 10_000;

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _addresses = new(StringComparer.Ordinal);
    private readonly ITimer _refill;

    public DirectLinePostLimits(TimeProvider time) => _refill = time.CreateTimer(_ => Refill(), null, Period, Period);

    /// <summary>Takes one post from both buckets; false (nothing taken from the conversation) when either is empty.</summary>
    public bool TryTake(string conversationId, string clientAddress)
    {
        if (!TryTake(_addresses, clientAddress, PostsPerMinutePerAddress, MaxTrackedAddresses))
        {
            return false;
        }

        return TryTake(_conversations, conversationId, PostsPerMinutePerConversation, DirectLineConversations.MaxConversations * 2);
    }

    public void Dispose() => _refill.Dispose();

    private static bool TryTake(ConcurrentDictionary<string, TokenBucketRateLimiter> buckets, string key, int perMinute, int maxKeys)
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            if (buckets.Count >= maxKeys)
            {
                return false;
            }

            bucket = buckets.GetOrAdd(key, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = Period,
                AutoReplenishment = false, // Refill below
                QueueLimit = 0,
            }));
        }

        using var lease = bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    /// <summary>A new minute: every bucket starts full again. Dropping them (rather than replenishing each)
    /// also keeps the maps from growing with addresses that posted once.</summary>
    private void Refill()
    {
        _conversations.Clear();
        _addresses.Clear();
    }
}
