using ChangeBot.Core.Notices;

namespace ChangeBot.Benchmarks.Answers;

/// <summary>Deterministic notices with the vocabulary real ones share (certificates, TLS, IP ranges,
/// maintenance windows), each naming its own cluster number so questions can target one.</summary>
internal static class GeneratedNotices
{
    private static readonly string[] Services = ["Payments API", "Billing API", "Webhooks", "Reporting", "Identity", "Files", "Search", "Invoices"];

    private static readonly (string Title, string Tag, string Action)[] Kinds =
    [
        ("TLS certificate rotation", "certificate", "Trust the new root certificate in your trust store before the window."),
        ("New outbound IP address ranges", "network", "Add the new IP ranges to your firewall allowlist before the deadline."),
        ("Deprecation of TLS 1.0 and 1.1", "tls", "Make sure every client negotiates TLS 1.2 or later."),
        ("Database maintenance", "maintenance", "No action is needed; retry requests that fail during the window."),
        ("Certificate authority change", "certificate", "Import the new intermediate and root certificates into your CA store."),
    ];

    public static IReadOnlyList<Notice> Create(int count)
    {
        var random = new Random(20161206);
        var start = new DateTimeOffset(2017, 1, 1, 6, 0, 0, TimeSpan.Zero);
        var notices = new List<Notice>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[i % Kinds.Length];
            var service = Services[random.Next(Services.Length)];
            var window = start.AddHours(7 * i);
            notices.Add(new Notice
            {
                Id = $"notice-{i:D5}",
                Title = $"{kind.Title} for {service} (cluster {i})",
                Severity = Severity.ActionRequired,
                Products = [Slug(service)],
                Environments = [i % 2 == 0 ? "production" : "api-sandbox"],
                Tags = [kind.Tag, $"cluster-{i}"],
                TimeZone = "America/Los_Angeles",
                WindowStart = window,
                WindowEnd = window.AddHours(3),
                ActionDeadline = window.AddDays(-2),
                Downtime = (Downtime)(i % 3),
                State = NoticeState.Published,
                Faq = [new FaqEntry($"Does the Salesforce connector need changes for cluster {i}?", "No change is needed for Salesforce; it uses a different endpoint.")],
                Sections =
                [
                    new("What is changing?", $"{kind.Title} for {service} on cluster {i}. The change renews what clients connect to."),
                    new("When will this happen?", $"The maintenance window for cluster {i} lasts three hours."),
                    new("What action must I take?", kind.Action),
                    new("How can I test before the change?", $"Point a test client at test-{i}.example.com; if it connects, you are ready."),
                    new("What happens if I take no action?", "Clients that are not ready will be unable to connect after the change."),
                ],
            });
        }

        return notices;
    }

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');
}
