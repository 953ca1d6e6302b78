using System.Threading.RateLimiting;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// A <see cref="RateLimiter"/> that spaces permits exactly <c>interval</c> apart, in arrival order.
/// Slack allows about one chat.postMessage per second per channel; a token bucket's refill timer runs
/// on its own phase and can let two through milliseconds apart, which this cannot.
/// </summary>
internal sealed class PacedRateLimiter(TimeSpan interval, TimeSpan maxWait, TimeProvider time) : RateLimiter
{
    private readonly Lock _gate = new();
    private TimeSpan _interval = interval;
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private long _successes;
    private long _failures;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = time.GetUtcNow();
                return now >= _next ? now - (_next == DateTimeOffset.MinValue ? now : _next) : null;
            }
        }
    }

    /// <summary>The spacing; a change applies from the next permit on (a pace learned from 429s).</summary>
    public TimeSpan Interval
    {
        get
        {
            lock (_gate)
            {
                return _interval;
            }
        }

        set
        {
            lock (_gate)
            {
                _interval = value;
            }
        }
    }

    /// <summary>No permit before <paramref name="until"/> (a 429's Retry-After); later ones stay spaced from it.</summary>
    public void Hold(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _next)
            {
                _next = until;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics() => new()
    {
        TotalSuccessfulLeases = Interlocked.Read(ref _successes),
        TotalFailedLeases = Interlocked.Read(ref _failures),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _next)
            {
                Interlocked.Increment(ref _failures);
                return new Lease(false, _next - now);
            }

            _next = now + _interval;
        }

        Interlocked.Increment(ref _successes);
        return new Lease(true, null);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            slot = _next > now ? _next : now;
            if (slot - now > maxWait)
            {
                Interlocked.Increment(ref _failures);
                return new Lease(false, slot - now);
            }

            // Reserve the slot before waiting, so callers are served in arrival order.
            _next = slot + _interval;
        }

        if (slot > now)
        {
            await Task.Delay(slot - now, time, cancellationToken);
        }

        Interlocked.Increment(ref _successes);
        return new Lease(true, null);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
