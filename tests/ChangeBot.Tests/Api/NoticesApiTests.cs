using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

public sealed class NoticesApiTests
{
    private static readonly string ValidNotice = TestNotices.Valid("db-upgrade");

    [Fact]
    public async Task ListNotices_WithToken_IncludesTheSampleNotice()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();

        var notices = await client.GetFromJsonAsync<JsonElement>("/api/v1/notices", TestContext.Current.CancellationToken);

        var sample = notices.EnumerateArray().Single(n => n.GetProperty("id").GetString() == "api-sandbox-tls-certificate");
        Assert.Equal("action-required", sample.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task PostNotice_Valid_IsCreatedThenUnchangedOnRepeat()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;

        var first = await client.PostAsync("/api/v1/notices?fileName=db-upgrade.md", new StringContent(ValidNotice, Encoding.UTF8, "text/markdown"), ct);
        var second = await client.PostAsync("/api/v1/notices", new StringContent(ValidNotice, Encoding.UTF8, "text/markdown"), ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("\"unchanged\"", await second.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var audit = await app.Services.GetRequiredService<IChangeBotStore>().ListAuditAsync(10, ct);
        Assert.Contains(audit, a => a.Action == "import" && a.NoticeId == "db-upgrade" && a.Surface == "rest");
        Assert.DoesNotContain(audit, a => a.Actor.Contains(ApiClient.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostNotice_Invalid_Is400WithFileLineAndReasonAndStoresNothing()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;
        var bad = ValidNotice.Replace("timezone: Europe/Berlin", "timezone: Mars/Olympus_Mons", StringComparison.Ordinal);

        var response = await client.PostAsync("/api/v1/notices?fileName=db-upgrade.md", new StringContent(bad, Encoding.UTF8, "text/markdown"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var error = problem.GetProperty("errors").EnumerateArray().First();
        Assert.Equal("db-upgrade.md", error.GetProperty("file").GetString());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
        Assert.Contains("Mars/Olympus_Mons", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await app.Services.GetRequiredService<IChangeBotStore>().GetNoticeAsync("db-upgrade", ct));
    }

    [Fact]
    public async Task PostNotice_Oversized_IsRefusedAndStoresNothing()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;
        var huge = ValidNotice + new string('x', 400 * 1024);

        var response = await client.PostAsync("/api/v1/notices", new StringContent(huge, Encoding.UTF8, "text/markdown"), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<IChangeBotStore>().GetNoticeAsync("db-upgrade", ct));
    }

    [Fact]
    public async Task SupportActions_ThroughRest_AreAppliedAndAudited()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;
        (await client.PostAsync("/api/v1/notices", new StringContent(ValidNotice, Encoding.UTF8, "text/markdown"), ct)).EnsureSuccessStatusCode();

        var publish = await client.PostAsync("/api/v1/notices/db-upgrade/publish", null, ct);
        var update = await client.PostAsJsonAsync("/api/v1/notices/db-upgrade/update", new { text = "Runbook attached." }, ct);
        var badReschedule = await client.PostAsJsonAsync("/api/v1/notices/db-upgrade/reschedule", new { deadline = "soonish" }, ct);
        var reschedule = await client.PostAsJsonAsync("/api/v1/notices/db-upgrade/reschedule", new { deadline = "2031-03-01 10:00" }, ct);
        var readiness = await client.GetAsync("/api/v1/notices/db-upgrade/readiness", ct);
        var cancel = await client.PostAsync("/api/v1/notices/db-upgrade/cancel", null, ct);
        var cancelAgain = await client.PostAsync("/api/v1/notices/db-upgrade/cancel", null, ct);
        var missing = await client.PostAsync("/api/v1/notices/no-such-notice/publish", null, ct);

        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReschedule.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reschedule.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancelAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var actions = (await client.GetFromJsonAsync<JsonElement>("/api/v1/audit", ct)).EnumerateArray()
            .Where(a => a.GetProperty("noticeId").GetString() == "db-upgrade").Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["cancel", "reschedule", "update", "publish", "import"], actions);
        var notice = await app.Services.GetRequiredService<IChangeBotStore>().GetNoticeAsync("db-upgrade", ct);
        Assert.Equal(new DateTimeOffset(2031, 3, 1, 9, 0, 0, TimeSpan.Zero), notice!.ActionDeadline);
    }
}
