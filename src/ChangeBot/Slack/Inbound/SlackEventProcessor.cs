using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Events API work after the ack. Slack delivers an event up to four times (retries share its
/// <c>event_id</c>), possibly to different instances: the store's processed-event record makes the
/// first one win everywhere.
/// </summary>
internal sealed class SlackEventProcessor(
    IChangeBotStore store,
    SlackConversations conversations,
    ChannelPresence presence,
    SlackTokenProvider tokens,
    TimeProvider time,
    ILogger<SlackEventProcessor> logger)
{
    public async Task ProcessAsync(SlackEnvelope envelope, CancellationToken ct)
    {
        var team = envelope.TeamId!;
        if (!await store.TryMarkEventProcessedAsync($"slack:{team}:{envelope.EventId}", time.GetUtcNow(), ct))
        {
            SlackLog.DuplicateEvent(logger, envelope.EventId!, team);
            return;
        }

        switch (envelope.Event?.Type)
        {
            case "app_uninstalled":
            case "tokens_revoked":
                await UninstallAsync(envelope, ct);
                return;
            default:
                if (SlackTranslator.FromEvent(envelope) is { } inbound)
                {
                    await conversations.HandleAsync(inbound, ct);
                }

                return;
        }
    }

    /// <summary>The workspace (or, for an org-wide install, the org) removed ChangeBot: forget the install's
    /// token; every conversation of the workspace is gone.</summary>
    private async Task UninstallAsync(SlackEnvelope envelope, CancellationToken ct)
    {
        var team = envelope.TeamId!;
        var orgWide = envelope.EnterpriseId is not null && envelope.Authorizations?.Any(a => a.IsEnterpriseInstall) == true;
        SlackLog.Uninstalled(logger, orgWide ? envelope.EnterpriseId! : team, envelope.Event!.Type!);
        await tokens.RemoveAsync(envelope.EnterpriseId, orgWide ? null : team, ct);
        await presence.ChannelGoneAsync(ConversationScope.WholeWorkspace(Platforms.Slack, team), "slack: " + envelope.Event.Type, ct);
    }
}
