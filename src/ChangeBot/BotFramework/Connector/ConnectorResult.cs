using ChangeBot.Core.Deliveries;

namespace ChangeBot.BotFramework.Connector;

/// <summary>The outcome of one Connector call, typed so callers never read status codes.</summary>
internal sealed record ConnectorResult(ConnectorOutcome Outcome, string? ActivityId = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Outcome == ConnectorOutcome.Ok;

    public static ConnectorResult Ok(string? activityId) => new(ConnectorOutcome.Ok, activityId);

    /// <summary>What the broadcast engine should do: a removed bot or a deleted conversation marks the
    /// subscription broken; a request Teams refused (400, 413, a deleted message) fails that message only;
    /// the rest may be tried again later.</summary>
    public SendResult ToSendResult() => Outcome switch
    {
        ConnectorOutcome.Ok => SendResult.Sent(ActivityId ?? ""),
        ConnectorOutcome.Gone => SendResult.Gone(Error ?? "the conversation is gone"),
        ConnectorOutcome.Failed => SendResult.Rejected(Error ?? "Teams refused the message"),
        _ => SendResult.Transient(Error ?? "the Connector call failed", RetryAfter),
    };
}

internal enum ConnectorOutcome
{
    Ok,

    /// <summary>403 (bot removed, blocked, disabled) or 404 conversation not found: never post there again.</summary>
    Gone,

    /// <summary>Throttled, busy or unreachable: try later (after <see cref="ConnectorResult.RetryAfter"/> when given).</summary>
    Retryable,

    /// <summary>Our mistake or configuration (400, 401, 413, a deleted message): retrying now will not help.</summary>
    Failed,
}
