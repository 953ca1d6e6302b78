using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Tests.BotFramework;

/// <summary>One reply of every shape the bot sends, for card rendering and schema tests.</summary>
internal static class SampleReplies
{
    public const string NoticeId = "api-sandbox-tls-certificate";

    private static readonly DateTimeOffset WindowStart = new(2026, 12, 6, 15, 0, 0, TimeSpan.Zero);

    /// <summary>The broadcast card: severity, title, facts with times, the action, the test endpoint, four buttons.</summary>
    public static Reply Notice => new()
    {
        NoticeId = NoticeId,
        Severity = Severity.ActionRequired,
        Title = "API Sandbox TLS certificate moves to a new CA",
        Text = "The API Sandbox will present a certificate from a new CA. Trust the new root before the deadline.",
        Facts =
        [
            new("Window", $"{TimeMarkup.Mark(WindowStart)} – {TimeMarkup.Mark(WindowStart.AddHours(2))} (07:00–09:00 America/Los_Angeles)"),
            new("Deadline", TimeMarkup.Mark(WindowStart.AddDays(-1))),
            new("Downtime", "none"),
            new("Action", "Add the new root to your trust store"),
            new("Test endpoint", "https://api-sandbox-test.example.com"),
        ],
        Buttons =
        [
            new("We're ready", ButtonAction.Acknowledge(NoticeId, "ready"), ButtonStyle.Primary),
            new("Not affected", ButtonAction.Acknowledge(NoticeId, "not-affected")),
            new("Need help", ButtonAction.Acknowledge(NoticeId, "need-help"), ButtonStyle.Danger),
            new("Check an endpoint", ButtonAction.CheckEndpoint(NoticeId, null)),
        ],
    };

    public static Reply Breaking => Notice with { Severity = Severity.Breaking, Title = "Cancelled: " + Notice.Title, Buttons = [] };

    public static Reply Info => new() { Severity = Severity.Info, Title = "Subscribed", Text = "This channel now hears about every notice." };

    public static Reply WithSections => new()
    {
        Title = "Check of api-sandbox.example.com:443",
        Text = "Action required: your trust store lacks the new root.",
        Sections = [new("Chain", "1. CN=api-sandbox.example.com\n2. CN=New Intermediate CA"), new("Problems", "untrusted-root: the root is not in the system store")],
        Facts = [new("TLS", "TLSv1.3 TLS_AES_256_GCM_SHA384"), new("Checked", TimeMarkup.Mark(WindowStart))],
    };

    public static Reply TextWithTime => Reply.Plain($"Reminder: the deadline is {TimeMarkup.Mark(WindowStart)}.");

    /// <summary>Far above Teams' message size: must be shortened, not refused.</summary>
    public static Reply Huge => new()
    {
        Title = "A very long notice",
        NoticeId = NoticeId,
        Text = new string('x', 30_000),
        Sections = [.. Enumerable.Range(1, 20).Select(i => new ReplySection($"Section {i}", new string('y', 5_000)))],
    };

    public static IEnumerable<(string Name, Reply Reply)> All() =>
    [
        ("notice", Notice), ("breaking", Breaking), ("info", Info), ("sections", WithSections), ("text-with-time", TextWithTime), ("huge", Huge),
    ];
}
