using System.Text.RegularExpressions;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.DirectLine;
using ChangeBot.Tests.DirectLine;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChangeBot.Tests.WebChat;

/// <summary>The built-in page in a real browser against the real server on a loopback socket.</summary>
public sealed partial class WebChatBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Question = "does the Salesforce connector need changes?";
    private static readonly DateTimeOffset Deadline = new(2026, 12, 6, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Page_TypeAQuestion_ShowsTheAnswerWithLocalAndUtcTimesAndWorkingButtons()
    {
        await using var host = new DirectLineHarness(kestrel: true);
        host.Handler.Respond = (message, _) => Task.FromResult<IReadOnlyList<Reply>>(message.Text.StartsWith("ack ", StringComparison.Ordinal)
            ? [Reply.Plain("Recorded: ready.")]
            : [NoticeAnswer()]);
        var page = await browser.NewPageAsync("America/Los_Angeles");
        await using var session = page.Context;

        await page.GotoAsync(host.BaseUrl.ToString());
        await page.GetByLabel("Message to ChangeBot").FillAsync(Question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var answer = page.Locator("li.message.bot").Filter(new() { HasText = "API Sandbox TLS certificate change" });
        await Expect(answer).ToBeVisibleAsync();
        await Expect(answer.GetByRole(AriaRole.Heading, new() { Name = "API Sandbox TLS certificate change" })).ToBeVisibleAsync();
        await Expect(answer.Locator("dt")).ToHaveTextAsync("Deadline");
        await Expect(answer.Locator("dd time")).ToHaveTextAsync(LocalAndUtc());
        await Expect(answer.Locator("section h3")).ToHaveTextAsync("Salesforce");
        await Expect(page.Locator("li.message.user")).ToHaveTextAsync(new Regex(Regex.Escape(Question)));
        await Expect(page.Locator("li.message.user.pending")).ToHaveCountAsync(0);

        await answer.GetByRole(AriaRole.Button, new() { Name = "We're ready" }).ClickAsync();
        await Expect(page.Locator("li.message.bot").Filter(new() { HasText = "Recorded: ready." })).ToBeVisibleAsync();

        var received = host.Handler.Received.ToArray();
        Assert.Equal(Question, received[0].Text);
        Assert.Equal("America/Los_Angeles", received[0].UserTimeZone);
        Assert.Equal("ack sandbox-tls ready", received[1].Text);
        Assert.Equal("sandbox-tls", received[1].ContextNoticeId);
        Assert.StartsWith("directline:guest-", received[1].UserId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_MarkupInQuestionsAndAnswers_IsShownAsTextNeverRun()
    {
        await using var host = new DirectLineHarness(kestrel: true);
        const string Hostile = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        var page = await browser.NewPageAsync("UTC");
        await using var session = page.Context;

        await page.GotoAsync(host.BaseUrl.ToString());
        await page.GetByLabel("Message to ChangeBot").FillAsync(Hostile);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("li.message.bot").Filter(new() { HasText = "You said: " + Hostile })).ToBeVisibleAsync();
        await Expect(page.Locator("li.message.user")).ToHaveTextAsync(new Regex(Regex.Escape(Hostile)));
        await Expect(page.Locator("#transcript img, #transcript b")).ToHaveCountAsync(0);
        Assert.Equal("ChangeBot", await page.TitleAsync());
    }

    [Fact]
    public async Task Page_ProactiveBroadcast_AppearsInTheOpenChat()
    {
        await using var host = new DirectLineHarness(kestrel: true);
        var page = await browser.NewPageAsync("Europe/Berlin");
        await using var session = page.Context;
        await page.GotoAsync(host.BaseUrl.ToString());
        await page.GetByLabel("Message to ChangeBot").FillAsync("subscribe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("li.message.bot").Filter(new() { HasText = "You said: subscribe" })).ToBeVisibleAsync();
        var address = Assert.Single(host.Store.References.Values).Address;

        var channel = host.App.Services.GetServices<ChangeBot.Core.Deliveries.IChatChannel>().Single(c => c.Platform == address.Platform);
        await channel.SendAsync(address, NoticeAnswer(), threadMessageId: null, DirectLineHarness.Ct);

        var broadcast = page.Locator("li.message.bot").Filter(new() { HasText = "API Sandbox TLS certificate change" });
        await Expect(broadcast).ToBeVisibleAsync();
        await Expect(broadcast.Locator("dd time")).ToHaveTextAsync(new Regex(@"04:00 PM GMT\+1 \(Sun, 6 Dec 2026, 15:00 UTC\)"));
    }

    [Fact]
    public async Task Page_WithTheRealConversationCore_AnswersTheSalesforceQuestionFromTheSampleNotice()
    {
        await using var host = new DirectLineHarness(kestrel: true, realCore: true);
        var page = await browser.NewPageAsync("America/Los_Angeles");
        await using var session = page.Context;

        await page.GotoAsync(host.BaseUrl.ToString());
        await page.GetByLabel("Message to ChangeBot").FillAsync(Question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var answer = page.Locator("li.message.bot").Filter(new() { HasText = "Salesforce" });
        await Expect(answer).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(answer).Not.ToContainTextAsync(TurnPipeline.FailureText);

        // The notice card: its times in the reader's zone and in UTC (the sample's window starts 6 Dec 2016 15:00 UTC).
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the notice" }).ClickAsync();
        var card = page.Locator("li.message.bot").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "TLS Certificate for API Sandbox" }) });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(card.Locator("time").First).ToHaveTextAsync("Tue, Dec 6, 2016, 07:00 AM PST (Tue, 6 Dec 2016, 15:00 UTC)");
    }

    private static Reply NoticeAnswer() => new()
    {
        Title = "API Sandbox TLS certificate change",
        Severity = Severity.ActionRequired,
        Text = "No. The Salesforce connector uses the platform trust store.",
        Facts = [new ReplyFact("Deadline", TimeMarkup.Mark(Deadline))],
        Sections = [new ReplySection("Salesforce", "No changes needed.")],
        Buttons = [new ReplyButton("We're ready", ButtonAction.Acknowledge("sandbox-tls", "ready"), ButtonStyle.Primary), new ReplyButton("Need help", ButtonAction.Acknowledge("sandbox-tls", "need-help"))],
        NoticeId = "sandbox-tls",
    };

    [GeneratedRegex(@"^Sun, Dec 6, 2026, 07:00 AM PST \(Sun, 6 Dec 2026, 15:00 UTC\)$")]
    private static partial Regex LocalAndUtc();
}
