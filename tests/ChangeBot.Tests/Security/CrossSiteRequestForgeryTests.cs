using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Security;

/// <summary>
/// A browser resends Basic credentials and cookies on cross-site requests by itself: once an operator has
/// logged into /hangfire, a hostile page's form could otherwise cancel a notice through the REST API or
/// trigger dashboard jobs. Basic is accepted only by the dashboard, a changing REST call carrying cookies or
/// Basic credentials is refused, and the dashboard's commands need its antiforgery token.
/// </summary>
public sealed class CrossSiteRequestForgeryTests
{
    private const string NoticeId = "csrf-upgrade";

    private const string Notice = """
        ---
        id: csrf-upgrade
        title: Database upgrade
        products: [api]
        timezone: Europe/Berlin
        window:
          start: 2031-03-01 22:00
          end: 2031-03-02 02:00
        ---
        The database moves to a new major version.
        """;

    [Fact]
    public async Task RestCancel_WithTheTokenAsBasicCredentials_Is401AndCancelsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App();
        using var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Authorization = Basic("ops", ApiClient.Token);
        await PublishAsync(app, ct);
        var store = app.Services.GetRequiredService<INoticeStore>();
        var before = await store.GetNoticeAsync(NoticeId, ct);
        Assert.Equal(NoticeState.Published, before!.State);

        using var response = await browser.PostAsync($"/api/v1/notices/{NoticeId}/cancel", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic credentials are accepted only by the job dashboard", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before.Revision, (await store.GetNoticeAsync(NoticeId, ct))!.Revision);
        // The control: the notice can be cancelled, with the bearer token alone.
        using var tooling = app.Authorized();
        Assert.Equal(HttpStatusCode.OK, (await tooling.PostAsync($"/api/v1/notices/{NoticeId}/cancel", null, ct)).StatusCode);
        Assert.Equal(NoticeState.Cancelled, (await store.GetNoticeAsync(NoticeId, ct))!.State);
    }

    [Fact]
    public async Task RestCancel_WithTheBearerTokenAndACookie_Is401NamingTheCookie_WhileReadsStillWork()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        client.DefaultRequestHeaders.Add("Cookie", "session=abc");
        await PublishAsync(app, ct);
        var store = app.Services.GetRequiredService<INoticeStore>();
        var before = await store.GetNoticeAsync(NoticeId, ct);
        Assert.Equal(NoticeState.Published, before!.State);

        using var cancel = await client.PostAsync($"/api/v1/notices/{NoticeId}/cancel", null, ct);
        using var read = await client.GetAsync($"/api/v1/notices/{NoticeId}", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, cancel.StatusCode);
        Assert.Contains("must not carry cookies", await cancel.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before.Revision, (await store.GetNoticeAsync(NoticeId, ct))!.Revision);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task DashboardCommand_WithBasicCredentialsButNoAntiforgeryToken_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App();
        using var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Authorization = Basic("ops", ApiClient.Token);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire/recurring", ct)).StatusCode);

        using var trigger = await browser.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", "changebot-sweep")]), ct);

        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
    }

    /// <summary>Antiforgery throws when it cannot read the form at all; that is the client's fault, not a 500.</summary>
    [Fact]
    public async Task DashboardCommand_WithAnUnreadableForm_IsABadRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App();
        using var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Authorization = Basic("ops", ApiClient.Token);

        using var trigger = await browser.PostAsync("/hangfire/recurring/trigger",
            new StringContent(new string('[', 5000) + "=1", Encoding.UTF8, "application/x-www-form-urlencoded"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, trigger.StatusCode);
    }

    private static async Task PublishAsync(ChangeBotApp app, CancellationToken ct)
    {
        using var tooling = app.Authorized();
        (await tooling.PostAsync("/api/v1/notices", new StringContent(Notice, Encoding.UTF8, "text/markdown"), ct)).EnsureSuccessStatusCode();
        (await tooling.PostAsync($"/api/v1/notices/{NoticeId}/publish", null, ct)).EnsureSuccessStatusCode();
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
}
