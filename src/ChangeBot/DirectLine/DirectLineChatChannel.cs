using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.DirectLine;

/// <summary>
/// Proactive messages (broadcasts, updates, reminders) into open web chat conversations. A conversation
/// lives only as long as this process keeps it, so one that is gone is reported gone, not retried.
/// </summary>
internal sealed class DirectLineChatChannel(DirectLineConversations conversations, TimeProvider time) : IChatChannel
{
    public string Platform => Platforms.DirectLine;

    public Task<SendResult> SendAsync(ConversationAddress to, Reply reply, string? threadMessageId, CancellationToken ct = default) =>
        Task.FromResult(IsEmpty(reply) ? Empty
            : Post(to, reply, threadMessageId, updates: null) is { } id ? SendResult.Sent(id) : Gone(to));

    /// <summary>Direct Line cannot edit a posted activity; a new one carries the new content, marked as an
    /// update of the original (the built-in page replaces the original in place). The message id stays the
    /// original's, so later updates and threads still point at it.</summary>
    public Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Reply reply, CancellationToken ct = default) =>
        Task.FromResult(IsEmpty(reply) ? Empty
            : Post(to, reply, messageId, updates: messageId) is not null ? SendResult.Sent(messageId) : Gone(to));

    /// <summary>Nothing to show is our mistake, not the conversation's: posting it again cannot help.</summary>
    private static SendResult Empty => SendResult.Rejected("the reply is empty; web chat has nothing to show");

    private static bool IsEmpty(Reply reply) =>
        string.IsNullOrWhiteSpace(reply.Text) && string.IsNullOrWhiteSpace(reply.Title)
        && reply.Facts.Count == 0 && reply.Sections.Count == 0 && reply.Buttons.Count == 0;

    private string? Post(ConversationAddress to, Reply reply, string? replyToId, string? updates)
    {
        if (to.Platform != Platforms.DirectLine)
        {
            throw new ArgumentException($"Address {to} is not a Direct Line conversation.", nameof(to));
        }

        if (conversations.Find(to.Conversation) is not { } conversation)
        {
            return null;
        }

        var activity = ReplyActivity.Create(reply, conversation.BoundUserId, replyToId, conversation.TimeZone, updates);
        return conversation.Append(activity, time.GetUtcNow(), reply.NoticeId).Id;
    }

    private static SendResult Gone(ConversationAddress to) =>
        SendResult.Gone($"Web chat conversation {to.Conversation} has ended (Direct Line conversations live only while the chat is open on this server).");
}
