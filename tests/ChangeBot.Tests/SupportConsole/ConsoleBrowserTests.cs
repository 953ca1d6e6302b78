using System.Text.RegularExpressions;
using ChangeBot.Testing.SupportConsole;
using ChangeBot.Tests.WebChat;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>
/// The console in Debian's chromium against the real server on a loopback socket and the loopback OpenID
/// Connect provider: sign-in as support and as a stranger, the job dashboard for both, no CSP violation, and
/// axe-core's accessibility rules on every page (no serious or critical violation). With
/// <c>CHANGEBOT_SCREENSHOTS=1</c> the pages are also saved to docs/console/.
/// </summary>
public sealed partial class ConsoleBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{

    [Fact]
    public async Task Support_SignsIn_SeesTheNoticesAndTheAuditLog_AndOpensTheJobDashboard()
    {
        await using var host = await ConsoleHost.StartAsync(kestrel: true);
        await host.SeedReadinessAsync();
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);
        var (page, cspViolations) = await NewPageAsync();
        await using var session = page.Context;

        await page.GotoAsync(new Uri(host.BaseUrl!, "/console").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to ChangeBot support" })).ToBeVisibleAsync();
        await ConsolePageChecks.CheckAccessibilityAsync(page, "sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Slack" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notices", Exact = true })).ToBeVisibleAsync();
        Assert.EndsWith("/console", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("tr[data-notice='api-sandbox-tls-certificate'] .counts")).ToHaveTextAsync(new Regex("2 ready\\s*1 not affected\\s*1 need help\\s*1 no answer"));
        await Expect(page.GetByText("Signed in as")).ToContainTextAsync("Sam Support");
        // console.js shows times in the reader's zone (Berlin here: 15:00 UTC is 16:00 CET), the UTC text as a tooltip.
        var deadline = page.Locator("tr[data-notice='api-sandbox-tls-certificate'] time");
        await Expect(deadline).ToHaveTextAsync(new Regex("Dec 6, 2016.*04:00\\sPM.*GMT\\+1"));
        await Expect(deadline).ToHaveAttributeAsync("title", "2016-12-06 15:00 UTC");
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notices");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.audit tbody tr").Filter(new() { HasText = "console.signin" })).ToHaveCountAsync(1);
        await page.GetByLabel("Surface").SelectOptionAsync("console");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        Assert.Contains("surface=console", page.Url, StringComparison.Ordinal);
        await ConsolePageChecks.CheckAccessibilityAsync(page, "audit");

        var dashboard = await page.GotoAsync(new Uri(host.BaseUrl!, "/hangfire").AbsoluteUri);
        Assert.Equal(200, dashboard!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("Recurring");

        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task Stranger_SignsIn_AndSeesOnlyTheNotOnTheSupportListPage_HereAndOnTheJobDashboard()
    {
        await using var host = await ConsoleHost.StartAsync(kestrel: true);
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Stranger, "Stan Stranger");
        var (page, cspViolations) = await NewPageAsync();
        await using var session = page.Context;

        await page.GotoAsync(new Uri(host.BaseUrl!, "/console/audit").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Slack" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not on the support list" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("slack:" + ConsoleHost.Stranger);
        await Expect(page.Locator("table")).ToHaveCountAsync(0);
        await ConsolePageChecks.CheckAccessibilityAsync(page, "not-on-the-list");

        var dashboard = await page.GotoAsync(new Uri(host.BaseUrl!, "/hangfire").AbsoluteUri);
        Assert.Equal(403, dashboard!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not on the support list" })).ToBeVisibleAsync();

        // Signing out from the page leaves the console; the next visit asks for a sign-in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out of the console.", new() { Exact = false })).ToBeVisibleAsync();
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task ApiToken_StillOpensTheJobDashboardInABrowser()
    {
        await using var host = await ConsoleHost.StartAsync(kestrel: true);
        Prerequisite.Require(File.Exists(BrowserFixture.ChromiumPath), "needs Debian's chromium at " + BrowserFixture.ChromiumPath);
        var page = await browser.NewPageAsync("UTC");
        await using var session = page.Context;
        await page.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string>
        {
            ["Authorization"] = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ops:" + Api.ApiClient.Token)),
        });

        var response = await page.GotoAsync(new Uri(host.BaseUrl!, "/hangfire/recurring").AbsoluteUri);

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("changebot-sweep");
    }

    private Task<(IPage Page, List<string> CspViolations)> NewPageAsync() => ConsolePageChecks.NewPageAsync(browser);
}
