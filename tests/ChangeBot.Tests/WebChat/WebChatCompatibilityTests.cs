using System.Net;
using System.Text.RegularExpressions;
using ChangeBot.Core.Conversations;
using ChangeBot.Testing;
using ChangeBot.Tests.DirectLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChangeBot.Tests.WebChat;

/// <summary>
/// Microsoft's Web Chat (the botframework-webchat bundle from tests/e2e/node_modules) on a page of
/// another loopback origin, talking to ChangeBot's Direct Line as it would to Azure's.
/// </summary>
public sealed class WebChatCompatibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static string Bundle => Path.Combine(RepositoryRoot.Path, "tests", "e2e", "node_modules", "botframework-webchat", "dist", "webchat.js");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WebChat_AsksAQuestion_ShowsItAsSentAndRendersTheAnswerAndItsButtons(bool webSocket)
    {
        Prerequisite.Require(File.Exists(Bundle), Prerequisite.NpmAdvice("botframework-webchat"));
        await using var host = new DirectLineHarness(kestrel: true);
        host.Handler.Respond = (message, _) => Task.FromResult<IReadOnlyList<Reply>>([new Reply
        {
            Title = "API Sandbox TLS certificate change",
            Text = "You said: " + message.Text,
            Buttons = [new ReplyButton("We're ready", ButtonAction.Acknowledge("sandbox-tls", "ready"))],
        }]);
        // A support site's page on another loopback origin, so CORS is exercised as in a real embedding.
        await using var site = await StartSiteAsync(Html(host.BaseUrl, webSocket));
        var page = await browser.NewPageAsync("UTC");
        await using var session = page.Context;

        await page.GotoAsync(SiteUrl(site), new() { Timeout = 60_000 });
        // Web Chat drops what is sent before it is connected.
        await Expect(page.GetByText("Connectivity Status: Connected")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var sendBox = page.GetByRole(AriaRole.Textbox).First;
        await sendBox.FillAsync("does the Salesforce connector need changes?");
        await sendBox.PressAsync("Enter");

        await Expect(page.Locator("p.webchat__text-content").GetByText("You said: does the Salesforce connector need changes?", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The hero card's imBack button (Web Chat also keeps a hidden copy for screen readers).
        await page.Locator("button.ac-pushButton", new() { HasText = "We're ready" }).ClickAsync();
        await Expect(page.Locator("p.webchat__text-content").GetByText("You said: ack sandbox-tls ready", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByText(new Regex("Send failed", RegexOptions.IgnoreCase))).ToHaveCountAsync(0);
        Assert.Equal(["does the Salesforce connector need changes?", "ack sandbox-tls ready"], host.Handler.Received.Select(m => m.Text));
    }

    private static async Task<WebApplication> StartSiteAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var site = builder.Build();
        site.MapGet("/", () => Results.Content(html, "text/html"));
        site.MapGet("/webchat.js", () => Results.File(Bundle, "text/javascript"));
        await site.StartAsync(TestContext.Current.CancellationToken);
        return site;
    }

    /// <summary>localhost rather than 127.0.0.1, so the page's origin differs from the bot's.</summary>
    private static string SiteUrl(WebApplication site) => new UriBuilder(site.Urls.First()) { Host = "localhost" }.Uri.ToString();

    private static string Html(Uri server, bool webSocket) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Web Chat host</title><script src="/webchat.js"></script></head>
        <body><div id="webchat" style="height: 600px"></div>
        <script>
          window.WebChat.renderWebChat({
            directLine: window.WebChat.createDirectLine({ domain: '{{server}}v3/directline', webSocket: {{(webSocket ? "true" : "false")}} }),
            userID: 'webchat-user',
          }, document.getElementById('webchat'));
        </script></body></html>
        """;
}
