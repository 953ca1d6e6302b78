namespace ChangeBot.Core.Conversations;

/// <summary>The bot's brain: every platform adapter hands incoming messages here and renders the replies.</summary>
public interface IConversationHandler
{
    Task<IReadOnlyList<Reply>> HandleAsync(IncomingMessage message, CancellationToken ct = default);
}
