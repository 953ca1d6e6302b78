using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// The outbound half of a platform adapter, used for proactive messages (broadcasts, updates,
/// reminders). One implementation per platform, chosen by <see cref="ConversationAddress.Platform"/>.
/// </summary>
public interface IChatChannel
{
    string Platform { get; }

    /// <summary>Posts a message, in the thread of <paramref name="threadMessageId"/> when given.</summary>
    Task<SendResult> SendAsync(ConversationAddress to, Reply reply, string? threadMessageId, CancellationToken ct = default);

    /// <summary>Edits a message the bot posted earlier (e.g. to show a notice's new state).</summary>
    Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Reply reply, CancellationToken ct = default);
}

/// <summary>The outcome of one platform call.</summary>
public sealed record SendResult(SendStatus Status, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static SendResult Sent(string messageId) => new(SendStatus.Sent, messageId);

    public static SendResult Transient(string error, TimeSpan? retryAfter = null) => new(SendStatus.Transient, Error: error, RetryAfter: retryAfter);

    /// <summary>The platform says we can never post there again (archived, removed, not found).</summary>
    public static SendResult Gone(string error) => new(SendStatus.ChannelGone, Error: error);

    /// <summary>The platform refused this message (malformed, too long, empty): sending it again cannot
    /// succeed, but the channel itself is fine.</summary>
    public static SendResult Rejected(string error) => new(SendStatus.Rejected, Error: error);
}

/// <summary>
/// <list type="bullet">
/// <item><see cref="Sent"/>: posted; the result carries the platform's message id.</item>
/// <item><see cref="Transient"/>: throttled, unreachable or busy; worth trying again later.</item>
/// <item><see cref="ChannelGone"/>: the channel can never be posted to again (its subscriptions break).</item>
/// <item><see cref="Rejected"/>: our message is at fault (e.g. Slack <c>invalid_blocks</c>, Teams 400/413); the
/// delivery fails and support is told, the channel stays healthy for the next message.</item>
/// </list>
/// </summary>
public enum SendStatus { Sent, Transient, ChannelGone, Rejected }

/// <summary>
/// Implemented by adapters whose platform can find a message by the delivery key it carried
/// (<see cref="Reply.DeliveryKey"/>). Before resending a delivery whose earlier attempt may have reached
/// the platform, the engine asks; a found message is recorded instead of posted again.
/// </summary>
public interface IDeliveryLookup
{
    /// <summary>The platform message id of a message carrying <paramref name="deliveryKey"/>, or null.</summary>
    Task<string?> FindSentAsync(ConversationAddress to, string deliveryKey, CancellationToken ct = default);
}
