using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// Keeps ChangeBot inside Slack's limits before Slack has to say so: a token bucket per method and
/// workspace for tiered methods; for chat.postMessage a learned pace per workspace and exact
/// one-per-interval pacing per channel; and a gate that holds every call of a method in a workspace until
/// a 429's Retry-After has passed.
/// </summary>
internal sealed class SlackRateLimiter : IDisposable
{
    private readonly SlackClientTuning _tuning;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _methods;
    private readonly PartitionedRateLimiter<string> _channels;
    private readonly WorkspacePostPacer _workspacePosts;
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
        _workspacePosts = new WorkspacePostPacer(tuning, time);
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

        // The workspace's slot first: a channel slot taken first could be used late, closer than a second
        // to the channel's next post.
        var workspaceLease = team is not null && _workspacePosts.Enabled ? await _workspacePosts.AcquireAsync(team, ct) : null;
        if (workspaceLease is { IsAcquired: false })
        {
            methodLease.Dispose();
            throw Refused(method, workspaceLease, _tuning.WorkspacePostInterval);
        }

        var channelLease = await _channels.AcquireAsync(team + "|" + channel, 1, ct);
        if (!channelLease.IsAcquired)
        {
            methodLease.Dispose();
            workspaceLease?.Dispose();
            throw Refused(method, channelLease, _tuning.PerChannelInterval);
        }

        return new Leases(methodLease, workspaceLease, channelLease);
    }

    /// <summary>A chat.postMessage went through: the workspace's learned pace may recover.</summary>
    public void Succeeded(string method, string? team)
    {
        if (method == "chat.postMessage" && team is not null && _workspacePosts.Enabled)
        {
            _workspacePosts.Posted(team);
        }
    }

    /// <summary>The current spacing of chat.postMessage calls in a workspace.</summary>
    public TimeSpan WorkspacePostInterval(string team) => _workspacePosts.IntervalOf(team);

    private static SlackApiException Refused(string method, RateLimitLease lease, TimeSpan fallback)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallback;
        lease.Dispose();
        return new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, wait);
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

    /// <summary>True while an earlier 429's Retry-After for this method and workspace has not passed.</summary>
    public bool IsBlocked(string method, string? team) =>
        _blockedUntil.TryGetValue(GateKey(method, team), out var until) && until > _time.GetUtcNow();

    /// <summary>Records a 429: no call of this method for this workspace before <paramref name="retryAfter"/>,
    /// and for chat.postMessage, a slower pace for the workspace from then on.</summary>
    public void Block(string method, string? team, TimeSpan retryAfter)
    {
        if (method == "chat.postMessage" && team is not null && _workspacePosts.Enabled)
        {
            _workspacePosts.RateLimited(team, retryAfter);
        }

        var until = _time.GetUtcNow() + retryAfter;
        _blockedUntil.AddOrUpdate(GateKey(method, team), until, (_, existing) => existing > until ? existing : until);
    }

    public void Dispose()
    {
        _methods.Dispose();
        _channels.Dispose();
        _workspacePosts.Dispose();
    }

    private static string GateKey(string method, string? team) => method + "|" + team;

    private sealed class Leases(RateLimitLease method, RateLimitLease? workspace, RateLimitLease channel) : IDisposable
    {
        public void Dispose()
        {
            method.Dispose();
            workspace?.Dispose();
            channel.Dispose();
        }
    }
}
