using System.Threading.RateLimiting;

namespace ChangeBot.Core.Checks;

/// <summary>Limits on server-side checks, so nobody can use the bot to scan networks or hammer an endpoint: a
/// fixed window of <see cref="ChecksOptions.ChecksPerUser"/> per user and <see cref="ChecksOptions.MaxConcurrent"/>
/// running at once. Web chat users are server-assigned per conversation, and an address may hold only a few
/// conversations (<c>src/ChangeBot/DirectLine/DirectLineConversations.cs</c>), so the per-user window bounds an address too.</summary>
public sealed class CheckRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrencyLimiter _running;

    public CheckRateLimiter(ChecksOptions options)
    {
        _running = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrent, QueueLimit = 0 });
        _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(
            user,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.ChecksPerUser,
                Window = options.RateLimitWindow,
                QueueLimit = 0,
                // The partitioned limiter replenishes its partitions itself and drops idle ones.
                AutoReplenishment = false,
            }));
    }

    /// <summary>True when <paramref name="userId"/> may run one more check now; otherwise
    /// <paramref name="retryAfter"/> says when (if the limiter knows).</summary>
    public bool TryAcquire(string userId, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        return lease.IsAcquired;
    }

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
        _running.Dispose();
    }
}
