namespace ChangeBot.DirectLine;

internal static partial class DirectLineLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Direct Line request from {Remote} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Direct Line stream for {ConversationId} closed: {Reason}")]
    public static partial void StreamClosed(ILogger logger, string conversationId, string reason);
}
