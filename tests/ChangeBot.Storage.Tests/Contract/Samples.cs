using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary>Test records with every field set, so a lost field shows up in a round trip.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(-8));

    public static Notice Notice(string id, string hash = "h1", string title = "Root CA rotation") => new()
    {
        Id = id,
        Title = title,
        Severity = Severity.ActionRequired,
        Products = ["payments-api"],
        Environments = ["production", "sandbox"],
        Tags = ["tls"],
        Posted = T0,
        TimeZone = "America/Los_Angeles",
        WindowStart = T0.AddDays(10),
        WindowEnd = T0.AddDays(10).AddHours(2),
        ActionDeadline = T0.AddDays(9),
        Downtime = Core.Notices.Downtime.Partial,
        Reminders = [TimeSpan.FromDays(3), TimeSpan.FromMinutes(90)],
        Endpoints = [new NoticeEndpoint("api", "api.example.com", "api-test.example.com")],
        Certificates = new AnnouncedChain(
            new CertificateRef("CN=Example Root R2", "ab12"), new CertificateRef("CN=Example CA 1", null), "-----BEGIN CERTIFICATE-----"),
        Faq = [new FaqEntry("Do I need to act?", "Only if you pin the root.")],
        Body = "## What changes\nThe root.\n## What to do\nTrust R2. Ünïcode ✓",
        Sections = [new NoticeSection("What changes", "The root."), new NoticeSection("What to do", "Trust R2. Ünïcode ✓")],
        State = NoticeState.Draft,
        Revision = 1,
        ContentHash = hash,
    };

    public static ConversationAddress Address(string conversation = "C1", string platform = Platforms.Slack) =>
        new(platform, "T1", conversation);

    public static Subscription Subscription(ConversationAddress address, params string[] filters) =>
        new(address, filters, "slack:U1", T0);

    public static Delivery Delivery(string noticeId = "n1", string channel = "slack:T1:C1", DateTimeOffset? createdAt = null,
        DeliveryKind kind = DeliveryKind.Broadcast, string discriminator = "") => new()
    {
        NoticeId = noticeId,
        Revision = 1,
        ChannelKey = channel,
        Kind = kind,
        Discriminator = discriminator,
        CreatedAt = createdAt ?? T0,
    };
}
