using System.Text.Json;
using ChangeBot.Tests.WebChat;
using Microsoft.Playwright;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>What every console browser test checks on a page: axe-core (no serious or critical violations),
/// no Content-Security-Policy violation and no script error; and, with CHANGEBOT_SCREENSHOTS=1, the page's
/// screenshot for docs/console/.</summary>
internal static class ConsolePageChecks
{
    private static string AxeScript => RepositoryRoot.Combine("tests", "e2e", "node_modules", "axe-core", "axe.min.js");

    /// <summary>A page whose context runs axe-core (injected by the browser, not the page, so the page's CSP
    /// still holds) and collects CSP violations and script errors.</summary>
    public static async Task<(IPage Page, List<string> CspViolations)> NewPageAsync(BrowserFixture browser)
    {
        Prerequisite.Require(File.Exists(AxeScript), Prerequisite.NpmAdvice("axe-core"));
        var page = await browser.NewPageAsync("Europe/Berlin");
        await page.Context.AddInitScriptAsync(await File.ReadAllTextAsync(AxeScript, TestContext.Current.CancellationToken));
        var violations = new List<string>();
        // A script error counts too: the pages' scripts must not fail.
        page.PageError += (_, error) => violations.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        return (page, violations);
    }

    public static async Task CheckAccessibilityAsync(IPage page, string name)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, where: v.nodes.map(n => n.target.join(' ')).join(', ') }));
            }
            """);
        var serious = result.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {v.GetProperty("where").GetString()}")
            .ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious));
        if (Environment.GetEnvironmentVariable("CHANGEBOT_SCREENSHOTS") == "1")
        {
            Directory.CreateDirectory(RepositoryRoot.Combine("docs", "console"));
            await page.ScreenshotAsync(new() { Path = RepositoryRoot.Combine("docs", "console", name + ".png"), FullPage = true });
        }
    }
}
