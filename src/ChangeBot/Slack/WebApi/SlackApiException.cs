namespace ChangeBot.Slack.WebApi;

/// <summary>How a failed Slack call should be treated.</summary>
internal enum SlackErrorKind
{
    /// <summary>Try again shortly (5xx, timeouts, Slack's internal errors).</summary>
    Transient,

    /// <summary>HTTP 429: wait exactly <see cref="SlackApiException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>We can never post there again with this token: mark the subscription broken, tell support.</summary>
    Gone,

    /// <summary>Our request is wrong (invalid_blocks, missing_scope…): retrying the same call cannot help.</summary>
    Permanent,
}

/// <summary>A typed Slack Web API failure: the method, Slack's error code and what to do about it.</summary>
internal sealed class SlackApiException(string method, string error, SlackErrorKind kind, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"Slack {method} failed: {error}", inner)
{
    public string Method { get; } = method;
    public string Error { get; } = error;
    public SlackErrorKind Kind { get; } = kind;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Errors meaning the channel or the workspace install is gone (issue 5); the rest of
    /// Slack's codes are either transient or our own mistake.</summary>
    private static readonly HashSet<string> GoneErrors = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive",
        "token_revoked", "token_expired", "not_authed", "team_access_not_granted", "no_bot_token",
    };

    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org",
    };

    public static SlackErrorKind Classify(string error) =>
        error == "ratelimited" ? SlackErrorKind.RateLimited
        : GoneErrors.Contains(error) ? SlackErrorKind.Gone
        : TransientErrors.Contains(error) ? SlackErrorKind.Transient
        : SlackErrorKind.Permanent;
}
