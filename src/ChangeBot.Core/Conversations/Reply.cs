using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Conversations;

/// <summary>
/// What the bot says, in platform-neutral parts that each adapter renders natively (Block Kit,
/// Adaptive Cards, Direct Line activities). <see cref="Text"/> is plain text (adapters escape it) that
/// may contain time markers from <see cref="TimeMarkup"/>, rendered in the reader's zone and UTC.
/// </summary>
public sealed record Reply
{
    public string Text { get; init; } = "";
    public string? Title { get; init; }
    public Severity? Severity { get; init; }
    public IReadOnlyList<ReplyFact> Facts { get; init; } = [];
    public IReadOnlyList<ReplySection> Sections { get; init; } = [];
    public IReadOnlyList<ReplyButton> Buttons { get; init; } = [];

    /// <summary>The notice this reply is about, for links and threading.</summary>
    public string? NoticeId { get; init; }

    /// <summary>Only the person who asked should see it (Slack ephemeral); adapters that cannot do that
    /// reply normally.</summary>
    public bool Private { get; init; }

    /// <summary>A follow-up in the notice's thread that everyone in the conversation must see (a reminder),
    /// not only those following the thread: Slack also shows it in the channel, Teams posts it plainly in
    /// chats. Quiet follow-ups (updates, state changes) leave it false.</summary>
    public bool NotifyConversation { get; init; }

    /// <summary>Set on proactive messages: the delivery ledger's key. Adapters whose platform can carry it
    /// (message metadata, activity id) attach it so a resend after an ambiguous failure can be detected
    /// (<see cref="Deliveries.IDeliveryLookup"/>).</summary>
    public string? DeliveryKey { get; init; }

    public static Reply Plain(string text, bool isPrivate = false) => new() { Text = text, Private = isPrivate };
}

public sealed record ReplyFact(string Label, string Value);

public sealed record ReplySection(string Heading, string Text);

/// <summary>A button; pressing it asks for <see cref="Action"/>. Adapters render and route it by the action's
/// fields and hand it back through <see cref="CommandParser.Text"/>, so the chat grammar stays in one place.</summary>
public sealed record ReplyButton(string Label, ButtonAction Action, ButtonStyle Style = ButtonStyle.Default)
{
    /// <summary>The same request as a reader would type it (web chat's buttons post this text).</summary>
    public string Command => CommandParser.Text(Action);
}

/// <summary>
/// What a button asks for, typed: a command (<see cref="ChatCommands"/>) with its arguments, the notice it is
/// about, and whether the reader supplies a check target first (a prompt, prefilled with
/// <see cref="SuggestedTarget"/> where the platform can).
/// </summary>
public sealed record ButtonAction(string Command, IReadOnlyList<string> Args)
{
    public string? NoticeId { get; init; }

    public bool NeedsTarget { get; init; }

    public string? SuggestedTarget { get; init; }

    public static ButtonAction ShowNotice(string noticeId) => new(ChatCommands.Notice, [noticeId]) { NoticeId = noticeId };

    /// <summary>Page <paramref name="page"/> of a notice too long for one reply (<see cref="NoticeReplies.Page"/>).</summary>
    public static ButtonAction ShowNoticePage(string noticeId, int page) =>
        new(ChatCommands.Notice, [noticeId, page.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { NoticeId = noticeId };

    public static ButtonAction Acknowledge(string noticeId, string answer) => new(ChatCommands.Ack, [noticeId, answer]) { NoticeId = noticeId };

    /// <summary>Check an endpoint the reader names (against the notice's announced chain when there is one).</summary>
    public static ButtonAction CheckEndpoint(string? noticeId, string? suggestedTarget) =>
        new(ChatCommands.Check, []) { NoticeId = noticeId, NeedsTarget = true, SuggestedTarget = suggestedTarget };

    /// <summary>Equal when every field is, the arguments compared item by item.</summary>
    public bool Equals(ButtonAction? other) =>
        other is not null && Command == other.Command && Args.SequenceEqual(other.Args) && NoticeId == other.NoticeId
        && NeedsTarget == other.NeedsTarget && SuggestedTarget == other.SuggestedTarget;

    public override int GetHashCode() => HashCode.Combine(Command, Args.Count, NoticeId, NeedsTarget, SuggestedTarget);
}

public enum ButtonStyle { Default, Primary, Danger }
