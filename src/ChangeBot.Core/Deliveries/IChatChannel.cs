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
}

public enum SendStatus { Sent, Transient, ChannelGone }

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
