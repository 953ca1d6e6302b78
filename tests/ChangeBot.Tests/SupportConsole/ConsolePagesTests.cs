using System.Net;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>The notices list and the audit log as support sees them: readiness counts, filters, bounds, bad input,
/// and the security headers every console page carries.</summary>
public sealed class ConsolePagesTests
{
    private const string Sample = "api-sandbox-tls-certificate";

    private const string Billing = ConsoleHost.BillingNotice;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Notices_ShowStateDeadlineAndReadinessCountsPerNotice()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.SeedReadinessAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        var html = await client.GetStringAsync("/console", Ct);

        var sample = Row(html, Sample);
        Assert.Contains("2 ready", sample, StringComparison.Ordinal);
        Assert.Contains("1 not affected", sample, StringComparison.Ordinal);
        Assert.Contains("1 need help", sample, StringComparison.Ordinal);
        Assert.Contains("1 no answer", sample, StringComparison.Ordinal);
        Assert.Contains("datetime=\"2016-12-06T15:00:00Z\"", sample, StringComparison.Ordinal);
        Assert.Contains("not delivered", Row(html, "billing-window"), StringComparison.Ordinal);
        Assert.Contains(">Draft<", Row(html, "billing-window"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?product=billing", "billing-window", Sample)]
    [InlineData("?product=API", Sample, "billing-window")]
    [InlineData("?environment=production", "billing-window", Sample)]
    [InlineData("?state=draft", "billing-window", Sample)]
    [InlineData("?state=Completed&environment=sandbox", Sample, "billing-window")]
    public async Task Notices_FilterByProductEnvironmentAndState(string query, string shown, string hidden)
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.SeedReadinessAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        var html = await client.GetStringAsync("/console" + query, Ct);

        Assert.Contains($"data-notice=\"{shown}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-notice=\"{hidden}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?state=shipped", "'shipped' is not a notice state")]
    [InlineData("?state=7", "'7' is not a notice state")]
    public async Task Notices_WithABadFilter_Are400NamingTheProblem(string query, string message)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        using var response = await client.GetAsync("/console" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-notice=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notices_ArePagedFiftyAtATime()
    {
        await using var host = await ConsoleHost.StartAsync();
        var catalog = host.App.Services.GetRequiredService<NoticeCatalog>();
        for (var i = 0; i < 60; i++)
        {
            var report = await catalog.ImportContentAsync(Billing.Replace("billing-window", $"bulk-{i:D2}", StringComparison.Ordinal), "bulk.md", new Actor("test", "cli"), Ct);
            Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        }

        using var client = await host.SignedInAsync(ConsoleHost.Support);

        var first = await client.GetStringAsync("/console", Ct);
        var second = await client.GetStringAsync("/console?p=2", Ct);
        var beyond = await client.GetStringAsync("/console?p=99", Ct);

        Assert.Equal(50, Count(first, "data-notice="));
        Assert.Equal(11, Count(second, "data-notice="));
        Assert.Contains("page 2 of 2", beyond, StringComparison.Ordinal);
        Assert.Contains("href=\"/console?p=2\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_FiltersByActorActionNoticeAndSurface()
    {
        await using var host = await ConsoleHost.StartAsync();
        var audit = host.App.Services.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(new Actor("slack:U0OTHER", "slack"), "publish", Sample, "published to 3 channels", Ct);
        await audit.RecordAsync(new Actor("token:3f2a9c1b", "rest"), "cancel", "billing-window", "cancelled", Ct);
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        var byActor = await client.GetStringAsync("/console/audit?actor=slack:U0OTHER", Ct);
        var byAction = await client.GetStringAsync("/console/audit?action=cancel", Ct);
        var byNotice = await client.GetStringAsync($"/console/audit?notice={Sample}", Ct);
        var bySurface = await client.GetStringAsync("/console/audit?surface=console", Ct);
        var caseMatters = await client.GetStringAsync("/console/audit?actor=SLACK:U0OTHER", Ct);

        Assert.Contains("published to 3 channels", byActor, StringComparison.Ordinal);
        Assert.DoesNotContain("cancelled", byActor, StringComparison.Ordinal);
        Assert.Contains("token:3f2a9c1b", byAction, StringComparison.Ordinal);
        Assert.DoesNotContain("U0OTHER", byAction, StringComparison.Ordinal);
        Assert.Contains("published to 3 channels", byNotice, StringComparison.Ordinal);
        Assert.Contains("console.signin", bySurface, StringComparison.Ordinal);
        Assert.DoesNotContain("published to 3 channels", bySurface, StringComparison.Ordinal);
        Assert.Contains("No entry matches", caseMatters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_WithAnOverlongFilter_Is400()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        using var response = await client.GetAsync("/console/audit?actor=" + new string('a', 201), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 200 characters", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/audit")]
    [InlineData("/console/signin")]
    public async Task Pages_CarryAStrictCspAndNoInlineScriptOrStyle(string path)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        using var response = await client.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' " + host.Provider.Authority, csp, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<[^>]+\\son[a-z]+\\s*=", html);
    }

    private static string Row(string html, string noticeId)
    {
        var start = html.IndexOf($"data-notice=\"{noticeId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {noticeId}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
