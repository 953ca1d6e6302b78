using ChangeBot.Testing;
using Microsoft.Playwright;

namespace ChangeBot.Tests.WebChat;

/// <summary>
/// Debian's headless chromium driven by Playwright (never a downloaded browser), launched once per test
/// class; each test gets its own context (fresh storage, its own time zone).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A new page in a new context whose clock reads <paramref name="timeZone"/>.</summary>
    public async Task<IPage> NewPageAsync(string timeZone)
    {
        Prerequisite.Require(_browser is not null, "needs Debian's chromium at " + ChromiumPath + " (apt-get install chromium)");
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { TimezoneId = timeZone, Locale = "en-US" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
