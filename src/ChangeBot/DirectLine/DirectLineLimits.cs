using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ChangeBot.DirectLine;

/// <summary>
/// Posts and history reads per minute per conversation and per client address: a token bucket
/// (System.Threading.RateLimiting) per key, all refilled together each minute by a timer on the injected clock
/// rather than the library's own timer, so the limits follow TimeProvider. Reads are limited apart from posts and
/// far higher: directlinejs polls at most every 200 ms (300 a minute), and stops polling for good after an error
/// (docs/platforms.md, watermarks), so the read limit is twice that; only a client reading the history in a loop
/// (a serialisation of the history each time) meets it.
/// </summary>
internal sealed class DirectLineLimits : IDisposable
{
    public const int PostsPerMinutePerConversation = 20;
    public const int PostsPerMinutePerAddress = 60;
    public const int ReadsPerMinutePerConversation = 600;
    public const int ReadsPerMinutePerAddress = 6000;

    /// <summary>Beyond this many addresses seen in one minute, new ones are refused until the next refill.</summary>
    public const int MaxTrackedAddresses = 10_000;

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _addresses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _readConversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _readAddresses = new(StringComparer.Ordinal);
    private readonly ITimer _refill;

    public DirectLineLimits(TimeProvider time) => _refill = time.CreateTimer(_ => Refill(), null, Period, Period);

    /// <summary>Takes one post from both buckets; false (nothing taken from the conversation) when either is empty.</summary>
    public bool TryTake(string conversationId, string clientAddress)
    {
        if (!TryTake(_addresses, clientAddress, PostsPerMinutePerAddress, MaxTrackedAddresses))
        {
            return false;
        }

        return TryTake(_conversations, conversationId, PostsPerMinutePerConversation, DirectLineConversations.MaxConversations * 2);
    }

    /// <summary>Takes one history read from both read buckets; false when either is empty.</summary>
    public bool TryTakeRead(string conversationId, string clientAddress) =>
        TryTake(_readAddresses, clientAddress, ReadsPerMinutePerAddress, MaxTrackedAddresses)
        && TryTake(_readConversations, conversationId, ReadsPerMinutePerConversation, DirectLineConversations.MaxConversations * 2);

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
        _readConversations.Clear();
        _readAddresses.Clear();
    }
}
