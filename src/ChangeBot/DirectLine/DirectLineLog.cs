namespace ChangeBot.DirectLine;

internal static partial class DirectLineLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Direct Line request from {Remote} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "The conversation handler failed on a Direct Line message in {ConversationId}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "No conversation handler is registered; Direct Line message in {ConversationId} gets a fallback reply")]
    public static partial void NoHandler(ILogger logger, string conversationId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Could not store the conversation reference of {ConversationId}")]
    public static partial void ReferenceFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Direct Line stream for {ConversationId} closed: {Reason}")]
    public static partial void StreamClosed(ILogger logger, string conversationId, string reason);
}
