using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// Keeps ChangeBot inside Slack's limits before Slack has to say so: a token bucket per method and
/// workspace for tiered methods, exact one-per-interval pacing per channel for chat.postMessage, and a gate that holds every call
/// of a method in a workspace until a 429's Retry-After has passed.
/// </summary>
internal sealed class SlackRateLimiter : IDisposable
{
    private readonly SlackClientTuning _tuning;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _methods;
    private readonly PartitionedRateLimiter<string> _channels;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    public SlackRateLimiter(SlackClientTuning tuning, TimeProvider time)
    {
        _tuning = tuning;
        _time = time;
        _methods = PartitionedRateLimiter.Create<string, string>(key =>
        {
            var method = key[..key.IndexOf('|', StringComparison.Ordinal)];
            var perMinute = tuning.PerMinute.GetValueOrDefault(method);
            return perMinute <= 0
                ? RateLimitPartition.GetNoLimiter(key)
                : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    // A small burst, then a steady refill that averages out at the tier's rate.
                    TokenLimit = Math.Max(1, perMinute / 10),
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                    QueueLimit = 10_000,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
        });
        _channels = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.Get(key, _ => new PacedRateLimiter(tuning.PerChannelInterval, tuning.MaxChannelQueueWait, time)));
    }

    /// <summary>Waits for this call's turn; dispose the result once the call is made.</summary>
    public async ValueTask<IDisposable> AcquireAsync(string method, string? team, string? channel, CancellationToken ct)
    {
        var methodLease = await _methods.AcquireAsync(method + "|" + team, 1, ct);
        if (!methodLease.IsAcquired)
        {
            methodLease.Dispose();
            throw new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, _tuning.DefaultRetryAfter);
        }

        if (method != "chat.postMessage" || channel is null)
        {
            return methodLease;
        }

        var channelLease = await _channels.AcquireAsync(team + "|" + channel, 1, ct);
        if (!channelLease.IsAcquired)
        {
            methodLease.Dispose();
            var wait = channelLease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _tuning.PerChannelInterval;
            channelLease.Dispose();
            throw new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, wait);
        }

        return new Leases(methodLease, channelLease);
    }

    /// <summary>Holds the caller until an earlier Retry-After has passed. A wait longer than
    /// <see cref="SlackClientTuning.MaxInlineRetryAfter"/> is not waited out: the caller gets it back.</summary>
    public async Task WaitForRetryAfterAsync(string method, string? team, CancellationToken ct)
    {
        if (!_blockedUntil.TryGetValue(GateKey(method, team), out var until))
        {
            return;
        }

        var remaining = until - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return;
        }

        if (remaining > _tuning.MaxInlineRetryAfter)
        {
            throw new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, remaining);
        }

        await Task.Delay(remaining, _time, ct);
    }

    /// <summary>Records a 429: no call of this method for this workspace before <paramref name="retryAfter"/>.</summary>
    public void Block(string method, string? team, TimeSpan retryAfter)
    {
        var until = _time.GetUtcNow() + retryAfter;
        _blockedUntil.AddOrUpdate(GateKey(method, team), until, (_, existing) => existing > until ? existing : until);
    }

    public void Dispose()
    {
        _methods.Dispose();
        _channels.Dispose();
    }

    private static string GateKey(string method, string? team) => method + "|" + team;

    private sealed class Leases(RateLimitLease first, RateLimitLease second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
