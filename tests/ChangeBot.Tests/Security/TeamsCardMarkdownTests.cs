using System.Net;
using ChangeBot.Core.Conversations;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.Security;

/// <summary>Adaptive Card text renders Markdown: a user's question quoted back to support staff (the
/// <c>unanswered</c> list) must show its Markdown literally, never as a clickable link that can lie.</summary>
public sealed class TeamsCardMarkdownTests
{
    [Fact]
    public async Task UserQuestionWithAMarkdownLink_IsShownLiterallyOnTheCard()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var at = TimeMarkup.Mark(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        host.Handler.AnswerWith(_ =>
            [Reply.Plain($"Questions I could not answer (latest 1):\n• {at} \"[Reset your password](https://evil.example/login) **now**\" — msteams:x in y")]);

        using var response = await host.PostAsync(TeamsActivities.PersonalMessage(host.ServiceUrl, "unanswered"), host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await host.Connector.NextCallAsync();
        var text = call.Body!["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>();
        Assert.Contains(@"\[Reset your password\]\(https://evil.example/login\) \*\*now\*\*", text, StringComparison.Ordinal);
        Assert.Contains("{{DATE(", text, StringComparison.Ordinal);
    }
}
