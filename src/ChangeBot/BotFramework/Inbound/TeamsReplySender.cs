using ChangeBot.BotFramework.Cards;
using ChangeBot.BotFramework.Connector;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Conversations;
using ChangeBot.Turns;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>Sends a turn's replies as replies to the Teams message (or into its conversation when the activity
/// has no id). A conversation that answers "gone" is forgotten: the bot was removed from it.</summary>
internal sealed class TeamsReplySender(ConnectorClient connector, TeamsConversations conversations, Activity to, string? timeZone) : IReplySender
{
    public async Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            if (ReplyActivityBuilder.Build(reply, timeZone) is not { } outbound)
            {
                continue;
            }

            var serviceUrl = new Uri(to.ServiceUrl!);
            var result = string.IsNullOrEmpty(to.Id)
                ? await connector.SendToConversationAsync(serviceUrl, to.Conversation!.Id!, outbound, ct)
                : await connector.ReplyToActivityAsync(serviceUrl, to.Conversation!.Id!, to.Id, outbound, ct);
            if (result.Outcome == ConnectorOutcome.Gone)
            {
                await conversations.ForgetAsync(to, ct);
            }
        }
    }
}
