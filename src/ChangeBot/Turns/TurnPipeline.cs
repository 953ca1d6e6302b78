using ChangeBot.Core.Conversations;

namespace ChangeBot.Turns;

/// <summary>
/// The one path of an inbound message on every platform: remember the conversation, ask the core, send its
/// replies. Failures are handled here once: the core answers its own errors, so what lands here is a broken
/// handler or a failed send; it is logged, the person gets an apology if sending still works, and the next
/// turn runs as usual.
/// </summary>
internal sealed class TurnPipeline(
    IConversationHandler handler,
    ConversationMemory memory,
    ILogger<TurnPipeline> logger)
{
    public const string FailureText = "Sorry, something went wrong while answering that. Please try again in a moment.";

    public async Task RunAsync(Turn turn, CancellationToken ct)
    {
        var conversation = turn.Message.Address.Key;
        if (turn.Reference is { } reference)
        {
            try
            {
                await memory.RememberAsync(reference, turn.RememberEveryTurn, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The answer matters more than the reference: answer anyway, store it on a later turn.
                TurnLog.RememberFailed(logger, e, conversation);
            }
        }

        IReadOnlyList<Reply> replies;
        try
        {
            replies = await handler.HandleAsync(turn.Message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            TurnLog.HandlerFailed(logger, e, conversation);
            replies = [Reply.Plain(FailureText)];
        }

        try
        {
            await turn.Replies.SendAsync(replies, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            TurnLog.SendFailed(logger, e, conversation);
        }
    }
}
