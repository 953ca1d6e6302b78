using System.Net;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>GET /slack/install and /slack/oauth/callback: OAuth v2 into many workspaces.</summary>
public sealed class SlackOAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient Browser(SlackTestApp t) =>
        t.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> StartInstallAsync(HttpClient browser)
    {
        var install = await browser.GetAsync("/slack/install", Ct);
        Assert.Equal(HttpStatusCode.Redirect, install.StatusCode);
        var location = install.Headers.Location!;
        Assert.StartsWith("https://slack.com/oauth/v2/authorize?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("1111.2222", query["client_id"].ToString());
        Assert.Contains("chat:write", query["scope"].ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/oauth/callback", query["redirect_uri"].ToString(), StringComparison.Ordinal);
        return query["state"].ToString();
    }

    [Fact]
    public async Task Install_ThenCallback_StoresWorkspaceTokenUsedForLaterCalls()
    {
        await using var t = await SlackTestApp.StartAsync();
        using var browser = Browser(t);
        var state = await StartInstallAsync(browser);

        var callback = await browser.GetAsync($"/slack/oauth/callback?code=good-code&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("Installed Co", await callback.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var exchange = (await t.Slack.WaitForAsync(c => c.Method == "oauth.v2.access")).Single();
        Assert.Equal("good-code", exchange.Form["code"]);
        Assert.StartsWith("Basic ", exchange.Authorization, StringComparison.Ordinal);
        Assert.StartsWith("application/x-www-form-urlencoded", exchange.ContentType, StringComparison.Ordinal);
        var stored = await t.Store.GetSecretAsync("slack:installation:-:T0INSTALL", Ct);
        Assert.NotNull(stored);
        Assert.DoesNotContain("xoxb-installed-token", stored, StringComparison.Ordinal);
        var channel = t.App.Services.GetServices<IChatChannel>().Single(c => c.Platform == Platforms.Slack);
        await channel.SendAsync(new ConversationAddress(Platforms.Slack, "T0INSTALL", "C0NEW"), Reply.Plain("hi"), null, Ct);
        Assert.Equal("Bearer xoxb-installed-token", t.Slack.Calls.Single(c => c.Method == "chat.postMessage").Authorization);
    }

    [Fact]
    public async Task Callback_StateFromAnotherBrowser_Returns400AndExchangesNothing()
    {
        await using var t = await SlackTestApp.StartAsync();
        using var attacker = Browser(t);
        using var victim = Browser(t);
        var state = await StartInstallAsync(attacker);

        var callback = await victim.GetAsync($"/slack/oauth/callback?code=attacker-code&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task Callback_StateReused_Returns400()
    {
        await using var t = await SlackTestApp.StartAsync();
        using var browser = Browser(t);
        var state = await StartInstallAsync(browser);
        await browser.GetAsync($"/slack/oauth/callback?code=c1&state={Uri.EscapeDataString(state)}", Ct);

        // Replay with the cookie put back, as an attacker holding both would.
        using var replay = new HttpRequestMessage(HttpMethod.Get, $"/slack/oauth/callback?code=c2&state={Uri.EscapeDataString(state)}");
        replay.Headers.Add("Cookie", $"changebot_slack_oauth={state.Split('.')[0]}");
        var second = await browser.SendAsync(replay, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Single(t.Slack.Calls, c => c.Method == "oauth.v2.access");
    }

    [Fact]
    public async Task Callback_ForgedState_Returns400()
    {
        await using var t = await SlackTestApp.StartAsync();
        using var browser = Browser(t);
        var state = await StartInstallAsync(browser);
        var parts = state.Split('.');
        var forged = $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 86400}.{parts[2]}";

        var callback = await browser.GetAsync($"/slack/oauth/callback?code=c&state={Uri.EscapeDataString(forged)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task Callback_UserCancelled_SaysSoAndStoresNothing()
    {
        await using var t = await SlackTestApp.StartAsync();
        using var browser = Browser(t);
        var state = await StartInstallAsync(browser);

        var callback = await browser.GetAsync($"/slack/oauth/callback?error=access_denied&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("not installed", await callback.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task Install_WithoutClientCredentials_Returns404()
    {
        await using var t = await SlackTestApp.StartAsync(s =>
        {
            s.Remove("Slack:ClientId");
            s.Remove("Slack:ClientSecret");
        });

        var response = await t.Client.GetAsync("/slack/install", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
