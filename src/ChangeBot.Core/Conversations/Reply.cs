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

    /// <summary>Set on proactive messages: the delivery ledger's key. Adapters whose platform can carry it
    /// (message metadata, activity id) attach it so a resend after an ambiguous failure can be detected
    /// (<see cref="Deliveries.IDeliveryLookup"/>).</summary>
    public string? DeliveryKey { get; init; }

    public static Reply Plain(string text, bool isPrivate = false) => new() { Text = text, Private = isPrivate };
}

public sealed record ReplyFact(string Label, string Value);

public sealed record ReplySection(string Heading, string Text);

/// <summary>A button; pressing it sends <see cref="Command"/> back as if typed (e.g. <c>ack my-notice ready</c>).</summary>
public sealed record ReplyButton(string Label, string Command, ButtonStyle Style = ButtonStyle.Default);

public enum ButtonStyle { Default, Primary, Danger }
