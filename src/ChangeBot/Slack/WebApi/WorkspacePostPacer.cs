using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// chat.postMessage's workspace-wide cap, which Slack does not publish (docs/platforms.md#slack-rate-limits): each
/// workspace's posts are spaced <see cref="SlackClientTuning.WorkspacePostInterval"/> apart. 429s in spite
/// of that say this workspace's real cap is lower, so its spacing grows by
/// <see cref="SlackClientTuning.WorkspacePostBackoff"/>; every <see cref="SlackClientTuning.WorkspacePostRecoverAfter"/>
/// posts without one it creeps back a step toward the configured spacing. Without it a broadcast learns the cap
/// only from 429s, each of which stops the whole workspace for at least a second.
/// </summary>
internal sealed class WorkspacePostPacer(SlackClientTuning tuning, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, Pace> _paces = new(StringComparer.Ordinal);

    public bool Enabled => tuning.WorkspacePostInterval > TimeSpan.Zero;

    /// <summary>Waits for the workspace's next slot (slots are handed out in arrival order).</summary>
    public ValueTask<RateLimitLease> AcquireAsync(string team, CancellationToken ct) => Of(team).Limiter.AcquireAsync(1, ct);

    /// <summary>The workspace's current spacing of posts.</summary>
    public TimeSpan IntervalOf(string team) => Of(team).Limiter.Interval;

    /// <summary>A post was answered 429: nothing goes out before the Retry-After, then at the workspace's
    /// pace. One 429 can be bad luck (requests delayed on their way bunch up at Slack), so the pace slows only
    /// when another comes within <see cref="SlackClientTuning.WorkspacePostRecoverAfter"/> posts. Posts that
    /// were already in flight get their 429s within the Retry-After; they count as the same one.</summary>
    public void RateLimited(string team, TimeSpan retryAfter)
    {
        var pace = Of(team);
        var now = time.GetUtcNow();
        var wait = retryAfter > TimeSpan.Zero ? retryAfter : tuning.DefaultRetryAfter;
        lock (pace)
        {
            pace.Limiter.Hold(now + wait);
            if (now < pace.SlowedUntil)
            {
                return;
            }

            pace.SlowedUntil = now + wait;
            var repeated = pace.Successes < tuning.WorkspacePostRecoverAfter && pace.Seen429;
            pace.Seen429 = true;
            pace.Successes = 0;
            if (repeated)
            {
                var slower = pace.Limiter.Interval * tuning.WorkspacePostBackoff;
                pace.Limiter.Interval = slower < tuning.MaxWorkspacePostInterval ? slower : tuning.MaxWorkspacePostInterval;
            }
        }
    }

    /// <summary>A post went through: after enough of them in a row, try a little faster again.</summary>
    public void Posted(string team)
    {
        var pace = Of(team);
        lock (pace)
        {
            if (++pace.Successes % tuning.WorkspacePostRecoverAfter != 0 || pace.Limiter.Interval <= tuning.WorkspacePostInterval)
            {
                return;
            }

            // A smaller step back than the step away, so a cap just below the configured pace costs
            // a 429 now and then rather than every few seconds.
            var faster = pace.Limiter.Interval / Math.Sqrt(tuning.WorkspacePostBackoff);
            pace.Limiter.Interval = faster > tuning.WorkspacePostInterval ? faster : tuning.WorkspacePostInterval;
        }
    }

    public void Dispose()
    {
        foreach (var pace in _paces.Values)
        {
            pace.Limiter.Dispose();
        }
    }

    private Pace Of(string team) =>
        _paces.GetOrAdd(team, _ => new Pace(new PacedRateLimiter(tuning.WorkspacePostInterval, tuning.MaxChannelQueueWait, time)));

    private sealed class Pace(PacedRateLimiter limiter)
    {
        public PacedRateLimiter Limiter { get; } = limiter;
        /// <summary>Posts since the last 429.</summary>
        public int Successes { get; set; }
        public bool Seen429 { get; set; }
        public DateTimeOffset SlowedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
