namespace ChangeBot.Turns;

/// <summary>The turn pipeline's log lines; they name the conversation, never message text or credentials.</summary>
internal static partial class TurnLog
{
    [LoggerMessage(EventId = TurnEventIds.HandlerFailed, Level = LogLevel.Error, Message = "The conversation handler failed on a message in {Conversation}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = TurnEventIds.SendFailed, Level = LogLevel.Error, Message = "Sending the replies to {Conversation} failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = TurnEventIds.RememberFailed, Level = LogLevel.Warning, Message = "Could not store the conversation reference of {Conversation}")]
    public static partial void RememberFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(EventId = TurnEventIds.WorkFailed, Level = LogLevel.Error, Message = "Background work '{Work}' failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception, string work);

    [LoggerMessage(EventId = TurnEventIds.QueueFull, Level = LogLevel.Warning, Message = "The turn queue is full; refused '{Work}'")]
    public static partial void QueueFull(ILogger logger, string work);

    [LoggerMessage(EventId = TurnEventIds.DrainCut, Level = LogLevel.Warning, Message = "Shutdown timeout reached with {Outstanding} turns unfinished; cancelling them")]
    public static partial void DrainCut(ILogger logger, int outstanding);
}
