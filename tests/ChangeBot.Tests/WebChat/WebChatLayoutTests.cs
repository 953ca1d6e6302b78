using ChangeBot.Tests.DirectLine;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChangeBot.Tests.WebChat;

/// <summary>The page's layout in a real browser with real replies: only the transcript scrolls, never the document
/// as well (a second scrollbar).</summary>
public sealed class WebChatLayoutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task LongConversation_ScrollsTheTranscriptOnly_TheDocumentFitsTheViewport(int width, int height)
    {
        await using var host = new DirectLineHarness(kestrel: true, realCore: true);
        var page = await browser.NewPageAsync("UTC");
        await using var session = page.Context;
        await page.SetViewportSizeAsync(width, height);

        await page.GotoAsync(host.BaseUrl.ToString());
        await Expect(page.GetByLabel("Message to ChangeBot")).ToBeEnabledAsync();
        foreach (var text in new[] { "help", "notice api-sandbox-tls-certificate", "does the Salesforce connector need changes?", "notices" })
        {
            await page.GetByLabel("Message to ChangeBot").FillAsync(text);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(page.Locator("li.message.user.pending")).ToHaveCountAsync(0);
        }

        await Expect(page.Locator("li.message.bot").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Notices:|no current notices") })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var sizes = await page.EvaluateAsync<int[]>("""
            () => {
              const t = document.getElementById('transcript');
              return [document.documentElement.scrollHeight, window.innerHeight, document.documentElement.scrollWidth,
                      window.innerWidth, t.scrollHeight, t.clientHeight];
            }
            """);

        Assert.True(sizes[0] <= sizes[1], $"the document is {sizes[0]} px high in a {sizes[1]} px viewport: a second scrollbar");
        Assert.True(sizes[2] <= sizes[3], $"the document is {sizes[2]} px wide in a {sizes[3]} px viewport");
        Assert.True(sizes[4] > sizes[5], "the transcript itself scrolls");
    }
}
