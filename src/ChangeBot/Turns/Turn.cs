using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Turns;

/// <summary>
/// One inbound message on its way through <see cref="TurnPipeline"/>: what the person said (translated by the
/// adapter, with the platform-qualified user and the conversation), where the bot can post there later, and
/// how to answer on the platform.
/// </summary>
internal sealed record Turn(IncomingMessage Message, IReplySender Replies)
{
    /// <summary>Stored for proactive posts (broadcasts, reminders); null when the adapter has nothing to store.</summary>
    public ConversationReference? Reference { get; init; }

    /// <summary>Store <see cref="Reference"/> on every turn (Teams may move a conversation's service URL), rather
    /// than at most every few minutes per conversation and process.</summary>
    public bool RememberEveryTurn { get; init; }
}

/// <summary>The platform half of a turn: renders and sends the core's replies where the person spoke.</summary>
internal interface IReplySender
{
    Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken ct);
}
