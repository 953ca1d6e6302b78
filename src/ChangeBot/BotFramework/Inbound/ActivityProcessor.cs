using ChangeBot.BotFramework.Cards;
using ChangeBot.BotFramework.Connector;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>
/// Handles one authenticated, well-formed activity: messages (typed or card submits) go through the
/// <see cref="TurnPipeline"/> and its replies back as replies to the message; membership events remember, greet or forget the
/// conversation. Anything else Teams sends is ignored, as Teams adds event types without notice.
/// </summary>
internal sealed class ActivityProcessor(
    TurnPipeline pipeline,
    ChannelPresence presence,
    TeamsConversations conversations,
    ConnectorClient connector,
    ILogger<ActivityProcessor> log)
{
    public async Task ProcessAsync(Activity activity, CancellationToken ct)
    {
        // Teams may route other channels (web chat in Azure) to the same endpoint; this adapter is Teams only.
        if (!string.Equals(activity.ChannelId, "msteams", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        switch (activity.Type)
        {
            case "message":
                await OnMessageAsync(activity, ct);
                break;
            case "conversationUpdate":
                await OnConversationUpdateAsync(activity, ct);
                break;
            case "installationUpdate":
                await OnInstallationUpdateAsync(activity, ct);
                break;
        }
    }

    private async Task OnMessageAsync(Activity activity, CancellationToken ct)
    {
        if (string.Equals(activity.From?.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)
            || ActivityTranslator.ToIncomingMessage(activity) is not { } message)
        {
            return;
        }

        // Every turn refreshes the reference: Teams may move the conversation's service URL.
        var replies = new TeamsReplySender(connector, conversations, activity, message.UserTimeZone);
        await pipeline.RunAsync(new Turn(message, replies) { Reference = conversations.Reference(activity), RememberEveryTurn = true }, ct);
    }

    private async Task OnConversationUpdateAsync(Activity activity, CancellationToken ct)
    {
        if (IsBot(activity, activity.MembersAdded))
        {
            await conversations.RememberAsync(activity, ct);
            await presence.ChannelBackAsync(ActivityTranslator.Address(activity), ct);
            BotFrameworkLog.Installed(log, ActivityTranslator.Address(activity).Key);
            await SendAsync(activity, new OutboundActivity { Text = Greeting.For(activity), TextFormat = "markdown" }, ct);
        }
        else if (IsBot(activity, activity.MembersRemoved))
        {
            await conversations.ForgetAsync(activity, ct);
            BotFrameworkLog.Uninstalled(log, ActivityTranslator.Address(activity).Key);
        }
        else if (activity.ChannelData?.EventType is "channelRenamed" or "teamRenamed")
        {
            await conversations.RenameAsync(activity, ct);
        }
    }

    /// <summary>Teams sends this next to conversationUpdate; the greeting comes from conversationUpdate only,
    /// so here we just keep the stored conversation in step.</summary>
    private async Task OnInstallationUpdateAsync(Activity activity, CancellationToken ct)
    {
        if (activity.Action is "add" or "add-upgrade")
        {
            await conversations.RememberAsync(activity, ct);
        }
        else if (activity.Action is "remove")
        {
            await conversations.ForgetAsync(activity, ct);
        }
    }

    private Task<ConnectorResult> SendAsync(Activity to, OutboundActivity outbound, CancellationToken ct) =>
        connector.SendToConversationAsync(new Uri(to.ServiceUrl!), to.Conversation!.Id!, outbound, ct);

    private static bool IsBot(Activity activity, List<ChannelAccount>? members) =>
        members?.Any(m => string.Equals(m.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)) == true;
}
