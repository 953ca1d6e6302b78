namespace ChangeBot.Slack.WebApi;

/// <summary>
/// Rate-limit and retry numbers for the Web API client (platform facts A6). Defaults follow Slack's
/// published tiers; tests register a faster copy.
/// </summary>
internal sealed record SlackClientTuning
{
    /// <summary>chat.postMessage allows about one message per second per channel.</summary>
    public TimeSpan PerChannelInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A channel whose queue is longer than this is "rate limited" to the caller, who reschedules.</summary>
    public TimeSpan MaxChannelQueueWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-method, per-workspace allowances (calls per minute) for the tiered methods we use.</summary>
    public IReadOnlyDictionary<string, int> PerMinute { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["chat.update"] = 50,        // Tier 3
        ["chat.postEphemeral"] = 100, // Tier 4
        ["users.info"] = 100,        // Tier 4
        ["views.open"] = 100,        // Tier 4
        ["auth.test"] = 100,         // Special; generous in practice
    };

    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 asking for a longer wait than this is handed back to the caller (the broadcast
    /// engine reschedules) instead of holding a worker.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Used when a 429 carries no Retry-After header.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
