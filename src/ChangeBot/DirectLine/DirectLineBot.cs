using System.Text.Json;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;

namespace ChangeBot.DirectLine;

/// <summary>
/// Queues the bot's turn for a web chat message: it runs after the POST has been answered (the echo is
/// already there), one turn per conversation at a time so replies keep the order of the questions, and its
/// replies are appended as bot activities.
/// </summary>
internal sealed class DirectLineBot(TurnQueue queue, TimeProvider time, ILogger<DirectLineBot> logger)
{
    /// <summary>Queues the turn; a 429 when the conversation already has its pending turns or the queue is full
    /// (nothing was queued), else null. The turn starts once <paramref name="userActivityId"/> (the echo's id,
    /// which replies point to) is known.</summary>
    public IResult? TryStartTurn(DirectLineConversation conversation, IncomingMessage message, string userId, Task<string> userActivityId)
    {
        if (!conversation.TryBeginTurn())
        {
            return DirectLineError.Busy("Still working on your earlier questions; please wait for the answers before asking more.");
        }

        var work = new TurnWork($"web chat turn in {conversation.Id}", async (services, ct) =>
        {
            try
            {
                var replies = new DirectLineReplySender(conversation, userId, await userActivityId.WaitAsync(ct), time);
                var turn = new Turn(message, replies) { Reference = Reference(conversation, message, userId) };
                await services.GetRequiredService<TurnPipeline>().RunAsync(turn, ct);
            }
            finally
            {
                conversation.EndTurn();
            }
        })
        {
            OrderKey = message.Address.Key,
        };
        if (queue.TryEnqueue(work) is null)
        {
            conversation.EndTurn();
            TurnLog.QueueFull(logger, work.Name);
            return DirectLineError.Busy();
        }

        return null;
    }

    /// <summary>Where to post proactive messages (broadcasts, reminders) while the conversation lives.</summary>
    private ConversationReference Reference(DirectLineConversation conversation, IncomingMessage message, string userId)
    {
        var data = JsonSerializer.Serialize(new { userId, locale = conversation.Locale, timeZone = conversation.TimeZone });
        return new ConversationReference(message.Address, message.UserName ?? userId, data, time.GetUtcNow());
    }
}

/// <summary>Appends a turn's replies to the conversation as bot activities answering the user's message.</summary>
internal sealed class DirectLineReplySender(DirectLineConversation conversation, string userId, string userActivityId, TimeProvider time) : IReplySender
{
    public Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            var activity = ReplyActivity.Create(reply, userId, userActivityId, conversation.TimeZone);
            conversation.Append(activity, time.GetUtcNow(), reply.NoticeId);
        }

        return Task.CompletedTask;
    }
}
