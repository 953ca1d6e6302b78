namespace ChangeBot.Slack.WebApi;

/// <summary>
/// Rate-limit and retry numbers for the Web API client (docs/platforms.md#slack-rate-limits). Defaults follow Slack's
/// published tiers; tests register a faster copy.
/// </summary>
internal sealed record SlackClientTuning
{
    /// <summary>chat.postMessage allows about one message per second per channel.</summary>
    public TimeSpan PerChannelInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Spacing of chat.postMessage calls per workspace. Slack keeps a workspace-wide cap besides the
    /// per-channel one but does not publish it; 10 posts/s (600/min) is our assumption. A workspace that
    /// answers 429 anyway is slowed down (<see cref="WorkspacePostBackoff"/>). Zero turns the pacing off.</summary>
    public TimeSpan WorkspacePostInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Factor by which a workspace's post spacing grows after a 429.</summary>
    public double WorkspacePostBackoff { get; init; } = 1.25;

    /// <summary>Posts in a row without a 429 before a slowed workspace is tried a step faster again.</summary>
    public int WorkspacePostRecoverAfter { get; init; } = 100;

    /// <summary>The slowest a workspace's posts are ever spaced, however many 429s it answers.</summary>
    public TimeSpan MaxWorkspacePostInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A channel whose queue is longer than this is "rate limited" to the caller, who reschedules.</summary>
    public TimeSpan MaxChannelQueueWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-method, per-workspace allowances (calls per minute) for the tiered methods we use.</summary>
    public IReadOnlyDictionary<string, int> PerMinute { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["chat.update"] = 50,        // Tier 3
        ["chat.postEphemeral"] = 100, // Tier 4
        ["users.info"] = 100,        // Tier 4
        ["views.open"] = 100,        // Tier 4
    };

    public int MaxRetries { get; init; } = 3;

    /// <summary>How many 429s in a row one call waits out (each for its Retry-After, up to
    /// <see cref="MaxInlineRetryAfter"/>) before it is handed back to the caller.</summary>
    public int MaxRateLimitedRetries { get; init; } = 10;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 asking for a longer wait than this is handed back to the caller (the broadcast
    /// engine reschedules) instead of holding a worker.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Used when a 429 carries no Retry-After header.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
