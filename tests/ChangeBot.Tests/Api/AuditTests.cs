using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

/// <summary>
/// Every support action through REST leaves one audit entry saying who (the token's fingerprint, never the
/// token), when, from which surface and what changed; refused and failed actions leave none. The chat
/// surfaces' entries are checked by the Authorization tests' positive controls.
/// </summary>
public sealed class AuditTests
{
    private const string OtherToken = "second-token-fedcba9876543210";

    private const string Notice = """
        ---
        id: audit-upgrade
        title: Audited database upgrade
        products: [api]
        timezone: Europe/Berlin
        window:
          start: 2031-03-01 22:00
          end: 2031-03-02 02:00
        action_deadline: 2031-03-01 12:00
        ---
        ## What is changing
        The database moves to a new major version.
        """;

    [Fact]
    public async Task EachRestSupportAction_IsAuditedWithWhoWhenSurfaceAndWhat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App(new Dictionary<string, string?> { ["ChangeBot:ApiTokens"] = $"{ApiClient.Token},{OtherToken}" });
        using var first = app.Authorized();
        using var second = app.Authorized(OtherToken);
        var store = app.Services.GetRequiredService<IChangeBotStore>();
        var channel = new ConversationAddress(Platforms.Slack, "T1", "C1");
        await store.UpsertSubscriptionAsync(new Subscription(channel, ["api"], "slack:U1", DateTimeOffset.UtcNow), ct);
        var before = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.Created, (await first.PostAsync("/api/v1/notices", new StringContent(Notice, Encoding.UTF8, "text/markdown"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/api/v1/notices/audit-upgrade/publish", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync("/api/v1/notices/audit-upgrade/update", new { text = "Runbook attached." }, ct)).StatusCode);
        // Failed actions change nothing, so they are not in the audit log (nor the others below).
        Assert.Equal(HttpStatusCode.BadRequest, (await first.PostAsJsonAsync("/api/v1/notices/audit-upgrade/reschedule", new { deadline = "soonish" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/api/v1/notices/audit-upgrade/reschedule", new { deadline = "2031-03-01 10:00" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/api/v1/notices/audit-upgrade/cancel", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.DeleteAsync("/api/v1/subscriptions/slack:T1:C1", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsync("/api/v1/notices/audit-upgrade/cancel", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.DeleteAsync("/api/v1/subscriptions/slack:T1:C1", ct)).StatusCode);
        var after = DateTimeOffset.UtcNow;

        var entries = (await first.GetFromJsonAsync<JsonElement>("/api/v1/audit", ct)).EnumerateArray().Reverse()
            .Where(e => Text(e, "surface") != "startup").ToList();
        Assert.Equal(
            [
                ("import", "audit-upgrade", Fingerprint(ApiClient.Token), "Created revision 1"),
                ("publish", "audit-upgrade", Fingerprint(ApiClient.Token), "to 1 channel(s)"),
                ("update", "audit-upgrade", Fingerprint(ApiClient.Token), "Runbook attached."),
                ("reschedule", "audit-upgrade", Fingerprint(OtherToken), "deadline 2031-03-01T10:00:00.0000000+01:00"),
                ("cancel", "audit-upgrade", Fingerprint(OtherToken), "pending reminders removed"),
                ("unsubscribe", null, Fingerprint(OtherToken), "removed 1 subscription(s) of slack:T1:C1"),
            ],
            entries.Select(e => (Text(e, "action"), Text(e, "noticeId"), Text(e, "actor"), Text(e, "details"))));
        foreach (var entry in entries)
        {
            Assert.Equal("rest", Text(entry, "surface"));
            Assert.InRange(entry.GetProperty("at").GetDateTimeOffset(), before.AddSeconds(-1), after.AddSeconds(1));
        }
    }

    /// <summary>How the audit names a token, computed here independently: "token:" and 8 hex digits of its SHA-256.</summary>
    private static string Fingerprint(string token) => "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..8];

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}
