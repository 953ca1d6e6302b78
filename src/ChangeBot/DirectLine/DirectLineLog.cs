namespace ChangeBot.DirectLine;

internal static partial class DirectLineLog
{
    [LoggerMessage(EventId = DirectLineEventIds.Rejected, Level = LogLevel.Warning, Message = "Direct Line request from {Remote} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = DirectLineEventIds.StreamClosed, Level = LogLevel.Information, Message = "Direct Line stream for {ConversationId} closed: {Reason}")]
    public static partial void StreamClosed(ILogger logger, string conversationId, string reason);
}
