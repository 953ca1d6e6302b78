using ChangeBot.Slack.Inbound;

namespace ChangeBot.Slack;

/// <summary>Slack's log lines, source-generated. None of them carries a token, a signing secret or a
/// response_url (a short-lived credential of its own).</summary>
internal static partial class SlackLog
{
    [LoggerMessage(EventId = SlackEventIds.RequestRejected, Level = LogLevel.Warning, Message = "Rejected Slack request to {Path}: {Reason} (from {Remote})")]
    public static partial void RequestRejected(ILogger logger, string path, SignatureCheck reason, string remote);

    [LoggerMessage(EventId = SlackEventIds.Malformed, Level = LogLevel.Warning, Message = "Malformed Slack request to {Path}: {Problem}")]
    public static partial void Malformed(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = SlackEventIds.ChannelGone, Level = LogLevel.Warning, Message = "Slack channel {Channel} is gone ({Method}: {Error}); its subscriptions are marked broken for support")]
    public static partial void ChannelGone(ILogger logger, string channel, string method, string error);

    [LoggerMessage(EventId = SlackEventIds.SendFailed, Level = LogLevel.Warning, Message = "Slack {Method} to {Channel} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, string channel, string method, string error);

    [LoggerMessage(EventId = SlackEventIds.QueueFull, Level = LogLevel.Warning, Message = "Slack work queue is full; refused '{Work}'")]
    public static partial void QueueFull(ILogger logger, string work);

    [LoggerMessage(EventId = SlackEventIds.DuplicateEvent, Level = LogLevel.Information, Message = "Duplicate Slack event {EventId} from {Team} ignored")]
    public static partial void DuplicateEvent(ILogger logger, string eventId, string team);

    [LoggerMessage(EventId = SlackEventIds.EventsRateLimited, Level = LogLevel.Warning, Message = "Slack rate-limited events for {Team} (app_rate_limited)")]
    public static partial void EventsRateLimited(ILogger logger, string team);

    [LoggerMessage(EventId = SlackEventIds.Installed, Level = LogLevel.Information, Message = "ChangeBot installed in Slack workspace {Team} ({Name})")]
    public static partial void Installed(ILogger logger, string team, string name);

    [LoggerMessage(EventId = SlackEventIds.InstallFailed, Level = LogLevel.Warning, Message = "Slack install failed: {Reason}")]
    public static partial void InstallFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = SlackEventIds.Uninstalled, Level = LogLevel.Warning, Message = "ChangeBot removed from Slack workspace {Team} ({Event}); its subscriptions are marked broken")]
    public static partial void Uninstalled(ILogger logger, string team, string @event);

    [LoggerMessage(EventId = SlackEventIds.ReplyFailed, Level = LogLevel.Warning, Message = "Could not answer in Slack channel {Channel}: {Error}")]
    public static partial void ReplyFailed(ILogger logger, string channel, string error);

    [LoggerMessage(EventId = SlackEventIds.SocketMode, Level = LogLevel.Information, Message = "Slack Socket Mode: {State}")]
    public static partial void SocketMode(ILogger logger, string state);

    [LoggerMessage(EventId = SlackEventIds.SocketModeFailed, Level = LogLevel.Warning, Message = "Slack Socket Mode connection failed; reconnecting in {Delay}")]
    public static partial void SocketModeFailed(ILogger logger, TimeSpan delay, Exception exception);
}
