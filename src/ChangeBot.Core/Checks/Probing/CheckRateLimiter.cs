using System.Threading.RateLimiting;

namespace ChangeBot.Core.Checks;

/// <summary>Per-user limit on server-side checks, so nobody can use the bot to scan networks or hammer
/// an endpoint: a fixed window of <see cref="ChecksOptions.ChecksPerUser"/> per user.</summary>
public sealed class CheckRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public CheckRateLimiter(ChecksOptions options)
    {
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

    public void Dispose() => _limiter.Dispose();
}
