namespace ChangeBot.BotFramework;

/// <summary>Source-generated log messages of the Teams adapter. Tokens and the app password never appear.</summary>
internal static partial class BotFrameworkLog
{
    [LoggerMessage(EventId = BotFrameworkEventIds.RequestRejected, Level = LogLevel.Warning, Message = "Rejected a Bot Framework request from {RemoteAddress}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string? remoteAddress, string reason);

    [LoggerMessage(EventId = BotFrameworkEventIds.MalformedActivity, Level = LogLevel.Information, Message = "Ignored a malformed Bot Framework activity: {Reason}")]
    public static partial void MalformedActivity(ILogger logger, string reason);

    [LoggerMessage(EventId = BotFrameworkEventIds.ConnectorCallFailed, Level = LogLevel.Warning, Message = "Connector {Method} {Path} failed: {Error} (operation {OperationId})")]
    public static partial void ConnectorCallFailed(ILogger logger, string method, string path, string error, string? operationId);

    [LoggerMessage(EventId = BotFrameworkEventIds.Installed, Level = LogLevel.Information, Message = "ChangeBot was added to Teams conversation {Conversation}")]
    public static partial void Installed(ILogger logger, string conversation);

    [LoggerMessage(EventId = BotFrameworkEventIds.Uninstalled, Level = LogLevel.Information, Message = "ChangeBot was removed from Teams conversation {Conversation}")]
    public static partial void Uninstalled(ILogger logger, string conversation);

    [LoggerMessage(EventId = BotFrameworkEventIds.ActivityContinuesInBackground, Level = LogLevel.Information, Message = "Teams activity still running after {Budget}; answering 200 and finishing in the background")]
    public static partial void ActivityContinuesInBackground(ILogger logger, TimeSpan budget);
}
