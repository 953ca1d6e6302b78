using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.Rendering;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack;

/// <summary>
/// Proactive Slack messages for the broadcast engine: chat.postMessage (threaded when asked) and
/// chat.update. The message id is Slack's <c>ts</c>. A channel Slack says is gone (archived, bot removed,
/// workspace token revoked) comes back as <see cref="SendResult.Gone(string)"/>, which the delivery
/// engine turns into a broken subscription support can see, instead of retrying forever; a message Slack
/// refuses (<c>invalid_blocks</c>, <c>msg_too_long</c>…) comes back as <see cref="SendResult.Rejected(string)"/>.
/// </summary>
internal sealed class SlackChatChannel(SlackApiClient api, ILogger<SlackChatChannel> logger) : IChatChannel, IDeliveryLookup
{
    public string Platform => Platforms.Slack;

    public Task<SendResult> SendAsync(ConversationAddress to, Reply reply, string? threadMessageId, CancellationToken ct = default) =>
        CallAsync(to, "chat.postMessage", async () =>
        {
            var sent = await api.PostMessageAsync(Workspace(to), to.Conversation, BlockKitRenderer.Render(reply), threadMessageId, ct, reply.DeliveryKey,
                alsoInChannel: reply.NotifyConversation);
            return sent.Ts ?? throw new SlackApiException("chat.postMessage", "missing_ts", SlackErrorKind.Transient);
        });

    public Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Reply reply, CancellationToken ct = default) =>
        CallAsync(to, "chat.update", async () =>
        {
            var updated = await api.UpdateMessageAsync(Workspace(to), to.Conversation, messageId, BlockKitRenderer.Render(reply), ct);
            return updated.Ts ?? messageId;
        });

    /// <summary>Finds a message an earlier, unrecorded attempt posted, by the delivery key in its metadata.
    /// Messages in the channel's history only: broadcasts, and reminders (thread replies also shown in the
    /// channel). A quiet thread reply would need conversations.replies per thread, so updates and state
    /// changes keep the at-least-once window the delivery engine documents.</summary>
    public async Task<string?> FindSentAsync(ConversationAddress to, string deliveryKey, CancellationToken ct = default)
    {
        try
        {
            return await api.FindDeliveryAsync(Workspace(to), to.Conversation, deliveryKey, ct);
        }
        catch (SlackApiException e)
        {
            // Without history access (scope missing, channel gone) the engine sends again: at least once.
            SlackLog.SendFailed(logger, to.Key, "conversations.history", e.Error);
            return null;
        }
    }

    /// <summary>Permanent errors that are about how the app is installed in the workspace, not about the
    /// message: once an admin fixes the install (adds the scope, reinstalls) the same message goes through,
    /// so they stay retryable rather than failing every message sent meanwhile.</summary>
    private static readonly HashSet<string> WorkspaceSetupErrors = new(StringComparer.Ordinal)
    {
        "missing_scope", "not_allowed_token_type", "ekm_access_denied",
    };

    private static SlackWorkspace Workspace(ConversationAddress to) => new(to.Workspace);

    private async Task<SendResult> CallAsync(ConversationAddress to, string method, Func<Task<string>> call)
    {
        if (to.Platform != Platforms.Slack)
        {
            throw new ArgumentException($"Address {to} is not a Slack conversation.", nameof(to));
        }

        try
        {
            return SendResult.Sent(await call());
        }
        catch (SlackApiException e) when (e.Kind == SlackErrorKind.Gone)
        {
            SlackLog.ChannelGone(logger, to.Key, e.Method, e.Error);
            return SendResult.Gone("slack: " + e.Error);
        }
        catch (SlackApiException e) when (e.Kind == SlackErrorKind.Permanent && !WorkspaceSetupErrors.Contains(e.Error))
        {
            // Slack refused this message (invalid_blocks, msg_too_long, no_text, invalid_arguments…): sending
            // it again cannot succeed, but the channel is fine for the next one.
            SlackLog.SendFailed(logger, to.Key, method, e.Error);
            return SendResult.Rejected("slack: " + e.Error);
        }
        catch (SlackApiException e)
        {
            // Rate limits beyond the inline wait, outages and an install missing a scope: worth trying again
            // later; the delivery engine caps how long.
            SlackLog.SendFailed(logger, to.Key, method, e.Error);
            return SendResult.Transient(e.Error, e.RetryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            SlackLog.SendFailed(logger, to.Key, method, e.GetType().Name);
            return SendResult.Transient(e.Message);
        }
    }
}
