using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using System.Text.Json;

namespace ChangeBot.DirectLine;

/// <summary>
/// Runs the bot's turn for a web chat message after the POST has been answered (the echo is already
/// there): hands the message to <see cref="IConversationHandler"/> and appends its replies as bot activities.
/// </summary>
internal sealed class DirectLineBot(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineBot> logger)
{
    public const string FailureText = "Sorry, something went wrong while answering that. Please try again in a moment.";
    public const string NoHandlerText = "ChangeBot cannot answer questions on this server yet (no conversation handler is configured).";

    public void StartTurn(DirectLineConversation conversation, IncomingMessage message, string userActivityId, string userId) =>
        _ = Task.Run(() => RunTurnAsync(conversation, message, userActivityId, userId));

    private async Task RunTurnAsync(DirectLineConversation conversation, IncomingMessage message, string userActivityId, string userId)
    {
        var ct = lifetime.ApplicationStopping;
        try
        {
            await conversation.Turns.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await StoreReferenceAsync(scope.ServiceProvider, conversation, message, userId, ct);
            foreach (var reply in await AnswerAsync(scope.ServiceProvider, conversation, message, ct))
            {
                var activity = ReplyActivity.Create(reply, userId, userActivityId, conversation.TimeZone);
                conversation.Append(activity, time.GetUtcNow(), reply.NoticeId);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the conversation dies with the process anyway.
        }
        finally
        {
            conversation.Turns.Release();
        }
    }

    private async Task<IReadOnlyList<Reply>> AnswerAsync(IServiceProvider services, DirectLineConversation conversation, IncomingMessage message, CancellationToken ct)
    {
        var handler = services.GetService<IConversationHandler>();
        if (handler is null)
        {
            DirectLineLog.NoHandler(logger, conversation.Id);
            return [Reply.Plain(NoHandlerText)];
        }

        try
        {
            return await handler.HandleAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            DirectLineLog.HandlerFailed(logger, ex, conversation.Id);
            return [Reply.Plain(FailureText)];
        }
    }

    /// <summary>Stores where to post proactive messages (broadcasts, reminders) once per conversation.</summary>
    private async Task StoreReferenceAsync(IServiceProvider services, DirectLineConversation conversation, IncomingMessage message, string userId, CancellationToken ct)
    {
        if (conversation.ReferenceStored || services.GetService<IConversationStore>() is not { } store)
        {
            return;
        }

        try
        {
            var data = JsonSerializer.Serialize(new { userId, locale = conversation.Locale, timeZone = conversation.TimeZone });
            await store.UpsertConversationAsync(new ConversationReference(message.Address, message.UserName ?? userId, data, time.GetUtcNow()), ct);
            conversation.ReferenceStored = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The answer matters more than the reference: answer anyway, try again on the next message.
            DirectLineLog.ReferenceFailed(logger, ex, conversation.Id);
        }
    }
}
