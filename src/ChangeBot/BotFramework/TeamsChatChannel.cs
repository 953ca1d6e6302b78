using ChangeBot.BotFramework.Cards;
using ChangeBot.BotFramework.Connector;
using ChangeBot.BotFramework.Inbound;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.BotFramework;

/// <summary>
/// Proactive messages to Teams (broadcasts, threaded updates, reminders, card updates), posted to the
/// conversations remembered when ChangeBot was installed or spoken to.
/// </summary>
internal sealed class TeamsChatChannel(IChangeBotStore store, ConnectorClient connector) : IChatChannel
{
    public string Platform => Platforms.Teams;

    /// <summary>
    /// Posts the reply; with <paramref name="threadMessageId"/> it goes under that message: in a channel
    /// as a reply in its thread (<c>{channel};messageid={root}</c>), in a chat as a reply to the message.
    /// A reply everyone must see (<see cref="Reply.NotifyConversation"/>, a reminder) is posted plainly in a
    /// personal or group chat, where a reply to an old message is easily missed; in a channel the thread
    /// reply already notifies its members.
    /// </summary>
    public async Task<SendResult> SendAsync(ConversationAddress to, Reply reply, string? threadMessageId, CancellationToken ct = default)
    {
        if (await TargetAsync(to, ct) is not ({ } serviceUrl, { } data))
        {
            return await GoneAsync(to, ct);
        }

        if (ReplyActivityBuilder.Build(reply) is not { } activity)
        {
            return SendResult.Rejected("the reply is empty; Teams has nothing to show");
        }

        var result = threadMessageId is null || (reply.NotifyConversation && !data.IsChannel)
            ? await connector.SendToConversationAsync(serviceUrl, to.Conversation, activity, ct)
            : data.IsChannel
                ? await connector.SendToConversationAsync(serviceUrl, ActivityTranslator.ThreadConversationId(to.Conversation, threadMessageId), activity, ct)
                : await connector.ReplyToActivityAsync(serviceUrl, to.Conversation, threadMessageId, activity, ct);
        return result.ToSendResult();
    }

    /// <summary>Replaces a message the bot posted (e.g. the notice card, to show its new state).</summary>
    public async Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Reply reply, CancellationToken ct = default)
    {
        if (await TargetAsync(to, ct) is not ({ } serviceUrl, _))
        {
            return await GoneAsync(to, ct);
        }

        if (ReplyActivityBuilder.Build(reply) is not { } activity)
        {
            return SendResult.Rejected("the reply is empty; Teams has nothing to show");
        }

        var result = await connector.UpdateActivityAsync(serviceUrl, to.Conversation, messageId, activity with { Type = "message" }, ct);
        // Teams answers an update with the same id; keep ours if it says nothing.
        return result.Succeeded ? SendResult.Sent(result.ActivityId ?? messageId) : result.ToSendResult();
    }

    private async Task<(Uri? ServiceUrl, TeamsConversationData? Data)> TargetAsync(ConversationAddress to, CancellationToken ct)
    {
        if (to.Platform != Platforms.Teams
            || await store.GetConversationAsync(to.Key, ct) is not { Active: true } reference
            || TeamsConversationData.FromJson(reference.PlatformData) is not { } data
            || !Uri.TryCreate(data.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            return (null, null);
        }

        return (serviceUrl, data);
    }

    private async Task<SendResult> GoneAsync(ConversationAddress to, CancellationToken ct) =>
        await store.GetConversationAsync(to.Key, ct) is { Active: false }
            ? SendResult.Gone(TeamsConversations.RemovedReason)
            : SendResult.Gone("ChangeBot has not been added to this Teams conversation (no stored conversation reference).");
}
