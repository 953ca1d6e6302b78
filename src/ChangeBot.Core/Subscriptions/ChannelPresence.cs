using ChangeBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Subscriptions;

/// <summary>
/// The rule for "the bot was removed from this conversation" (uninstalled from a workspace, removed from a
/// team or chat): the conversations stop being posted to and their subscriptions show why nothing arrives.
/// Adapters only say which conversations and why; the store marks them all in one query.
/// </summary>
public sealed partial class ChannelPresence(ISubscriptionStore store, TimeProvider time, ILogger<ChannelPresence> logger)
{
    public async Task ChannelGoneAsync(ConversationScope scope, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var marked = await store.MarkConversationsGoneAsync(scope, reason, time.GetUtcNow(), ct);
        LogGone(logger, scope.ToString(), marked, reason);
    }

    /// <summary>The bot is back (re-added, or spoken to where it had been removed): the subscriptions work again.</summary>
    public Task ChannelBackAsync(ConversationAddress address, CancellationToken ct = default) =>
        store.MarkChannelBrokenAsync(address, null, ct);

    [LoggerMessage(EventId = SubscriptionEventIds.Gone, Level = LogLevel.Information, Message = "Conversations {Scope} are gone ({Reason}); {Marked} subscriptions marked broken")]
    private static partial void LogGone(ILogger logger, string scope, int marked, string reason);
}
