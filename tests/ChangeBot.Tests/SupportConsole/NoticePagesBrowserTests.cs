using ChangeBot.Core.Unanswered;
using ChangeBot.Testing.SupportConsole;
using ChangeBot.Tests.WebChat;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>
/// The notice pages in Debian's chromium against the real server on a loopback socket, signed in at the loopback
/// OpenID Connect provider: the editor's errors as they type, preview and publish to 200 channels on the Slack
/// double with the progress bar reaching 200, and an FAQ answer that the web chat gives next. Every page is checked
/// with axe-core (no serious or critical violation) and for Content-Security-Policy violations.
/// </summary>
public sealed class NoticePagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{

    [Fact]
    public async Task Editor_PasteABrokenNotice_TheErrorAppearsOnItsLineWithoutSubmitting()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false, kestrel: true);
        var (page, csp) = await SignedInPageAsync(host);
        await using var session = page.Context;

        await page.GetByRole(AriaRole.Link, new() { Name = "New notice" }).ClickAsync();
        await page.GetByLabel("Notice (Markdown with front matter").FillAsync("---\nid: broken-notice\ntitle: Broken\nseverity: catastrophic\n---\n\n## What\n\nText.\n");

        var problem = page.Locator("#notice-problems li[data-line='4']");
        await Expect(problem).ToContainTextAsync("Line 4:");
        await Expect(problem).ToContainTextAsync("severity");
        await Expect(problem.Locator("code")).ToHaveTextAsync("severity: catastrophic");
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notice-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Expect(page.Locator("#notice-problems li[data-line='4']")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Notice (Markdown with front matter")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("severity: catastrophic"));
        Assert.Empty(await host.Store.ListNoticesAsync(TestContext.Current.CancellationToken));
        Assert.Empty(csp);
    }

    [Fact]
    public async Task Sample_PreviewedInThreeRenderings_PublishedTo200Channels_TheProgressBarReaches200()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false, kestrel: true);
        await host.SubscribeChannelsAsync(200);
        var (page, csp) = await SignedInPageAsync(host);
        await using var session = page.Context;

        await page.GotoAsync(new Uri(host.BaseUrl!, "/console/notices/new").AbsoluteUri);
        await page.GetByLabel("Notice (Markdown with front matter").FillAsync(ConsoleModelTests.PastableSample());
        await Expect(page.Locator("#notice-problems")).ToContainTextAsync("No problems found.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.Locator("#rendering-slack")).ToContainTextAsync("\"type\": \"header\"");
        await Expect(page.Locator("#rendering-teams")).ToContainTextAsync("application/vnd.microsoft.card.adaptive");
        await Expect(page.Locator("#rendering-webchat")).ToContainTextAsync("[Action Required]: Maintenance to Update TLS Certificate for API Sandbox");
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notice-preview");
        Assert.Empty(await host.Store.ListNoticesAsync(TestContext.Current.CancellationToken)); // a preview stores nothing

        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Expect(page.Locator("#notice-state")).ToHaveTextAsync("Draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await Expect(page.Locator("#confirm-reach")).ToHaveTextAsync("This will reach 200 channels.");
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notice-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish to 200 channels" }).ClickAsync();

        await Expect(page.Locator("label[for='broadcast-bar'] [data-count='sent']")).ToHaveTextAsync("200", new() { Timeout = 60_000 });
        await Expect(page.Locator("#broadcast-state")).ToContainTextAsync("Nothing is waiting");
        Assert.Equal(200, host.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notice-progress");
        await page.GetByRole(AriaRole.Link, new() { Name = "Readiness" }).ClickAsync();
        await Expect(page.Locator("#readiness-bar")).ToBeVisibleAsync();
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notice-readiness");
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "what changed" }).First.ClickAsync();
        await ConsolePageChecks.CheckAccessibilityAsync(page, "notice-overview");
        Assert.Empty(csp);
    }

    [Fact]
    public async Task UnansweredQuestion_AnsweredWithAnFaqEntry_IsAnsweredInTheWebChat()
    {
        const string Question = "Is the Zephyr billing widget affected by the certificate change?";
        await using var host = await NoticePagesHost.StartAsync(kestrel: true);
        await host.Store.AddUnansweredAsync(new UnansweredQuestion("q1", Question, "slack:U0CUSTOMER", "slack:T0CONSOLE:C00001",
            "api-sandbox-tls-certificate", DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        var (page, csp) = await SignedInPageAsync(host);
        await using var session = page.Context;

        await page.GetByRole(AriaRole.Link, new() { Name = "Unanswered" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Question })).ToBeVisibleAsync();
        await ConsolePageChecks.CheckAccessibilityAsync(page, "unanswered");
        await page.GetByLabel("Answer", new() { Exact = true }).FillAsync("No. The Zephyr billing widget talks to a separate endpoint (see ticket ZEPHYR-42).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the notice's FAQ" }).ClickAsync();
        // The FAQ entry is embedded into the answer index before the page answers, and the web chat's answer runs the
        // sentence model: seconds on a loaded 2-core machine, where the 5 s default failed (as WebChatBrowserTests wait).
        await Expect(page.Locator("p.message")).ToContainTextAsync("Added the FAQ entry", new() { Timeout = 30_000 });

        await page.GotoAsync(host.BaseUrl!.AbsoluteUri);
        await page.GetByLabel("Message to ChangeBot").FillAsync("is the zephyr billing widget affected?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("li.message.bot").Filter(new() { HasText = "ZEPHYR-42" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(csp);
    }

    /// <summary>A page signed in as support, on the notices list; axe-core is injected by the browser (not the page,
    /// so the page's CSP still holds), and CSP violations and script errors are collected.</summary>
    private async Task<(IPage Page, List<string> CspViolations)> SignedInPageAsync(NoticePagesHost host)
    {
        var (page, violations) = await ConsolePageChecks.NewPageAsync(browser);
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(NoticePagesHost.Support);
        await page.GotoAsync(new Uri(host.BaseUrl!, "/console").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Slack" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notices", Exact = true })).ToBeVisibleAsync();
        return (page, violations);
    }
}
