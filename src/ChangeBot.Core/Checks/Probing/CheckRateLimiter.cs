using System.Threading.RateLimiting;

namespace ChangeBot.Core.Checks;

/// <summary>Limits on server-side checks, so nobody can use the bot to scan networks or hammer an endpoint: a
/// fixed window of <see cref="ChecksOptions.ChecksPerUser"/> per user and <see cref="ChecksOptions.MaxConcurrent"/>
/// running at once, plus <see cref="ChecksOptions.ChecksPerAddress"/> per client address where one is known: web chat
/// users are server-assigned per conversation, so a visitor opening conversation after conversation would otherwise
/// get a fresh per-user window each time.</summary>
public sealed class CheckRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly ConcurrencyLimiter _running;

    public CheckRateLimiter(ChecksOptions options)
    {
        _running = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrent, QueueLimit = 0 });
        _limiter = PerMinute(options.ChecksPerUser, options.RateLimitWindow);
        _addresses = PerMinute(options.ChecksPerAddress, options.RateLimitWindow);
    }

    /// <summary>True when <paramref name="userId"/> may run one more check now; otherwise
    /// <paramref name="retryAfter"/> says when (if the limiter knows).</summary>
    public bool TryAcquire(string userId, out TimeSpan? retryAfter) => TryAcquire(_limiter, userId, out retryAfter);

    /// <summary>True when <paramref name="clientAddress"/> may run one more check now, as <see cref="TryAcquire"/>.</summary>
    public bool TryAcquireForAddress(string clientAddress, out TimeSpan? retryAfter) => TryAcquire(_addresses, clientAddress, out retryAfter);

    /// <summary>A slot among the <see cref="ChecksOptions.MaxConcurrent"/> checks that may run at once, released
    /// by disposing it; null when all are taken.</summary>
    public IDisposable? TryEnterRunning()
    {
        var lease = _running.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _addresses.Dispose();
        _running.Dispose();
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                // The partitioned limiter replenishes its partitions itself and drops idle ones.
                AutoReplenishment = false,
            }));

    private static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan? retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        return lease.IsAcquired;
    }
}
