using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Conversations;

/// <summary>
/// Something a person said to the bot, translated by a platform adapter. Button presses arrive as the
/// text <see cref="CommandParser.Text"/> makes of the button's action, so the core has one input path.
/// </summary>
public sealed record IncomingMessage
{
    public required ConversationAddress Address { get; init; }

    /// <summary>Platform-qualified user id, <c>platform:id</c> (e.g. <c>slack:U024BE7LH</c>); this is what
    /// <c>ChangeBot:SupportUsers</c> lists.</summary>
    public required string UserId { get; init; }

    public string? UserName { get; init; }

    /// <summary>The text with the bot's own mention already removed.</summary>
    public required string Text { get; init; }

    /// <summary>A direct message (or 1:1 chat) rather than a channel.</summary>
    public bool IsDirect { get; init; }

    /// <summary>The notice whose thread (or card) the message was written under, if any: questions are
    /// answered from that notice first.</summary>
    public string? ContextNoticeId { get; init; }

    /// <summary>The conversation ends when the reader leaves (web chat: closing the tab), so nothing can be
    /// posted to it afterwards; replies must not promise later messages.</summary>
    public bool EndsWithVisit { get; init; }

    /// <summary>The reader's IANA time zone when the platform tells us.</summary>
    public string? UserTimeZone { get; init; }

    /// <summary>The most characters the platform shows in one part of a reply (<see cref="ReplyLimits"/>): a notice
    /// longer than that is shown in pages. Null: no limit (the whole notice in one reply).</summary>
    public int? ReplyLimit { get; init; }

    /// <summary>The client's network address when it reaches us directly (web chat), so limits can count per
    /// address where the user id is the server's per-conversation choice; null when a platform relays (Slack, Teams).</summary>
    public string? ClientAddress { get; init; }
}
