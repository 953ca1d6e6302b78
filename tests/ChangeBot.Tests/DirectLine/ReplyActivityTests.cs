using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.DirectLine;

namespace ChangeBot.Tests.DirectLine;

public sealed class ReplyActivityTests
{
    [Fact]
    public async Task Reply_WithTitleFactsTimesAndButtons_RendersTextCardAndStructuredParts()
    {
        await using var host = new DirectLineHarness();
        var deadline = new DateTimeOffset(2026, 12, 6, 15, 0, 0, TimeSpan.Zero);
        host.Handler.Respond = (m, _) => Task.FromResult<IReadOnlyList<Reply>>([new Reply
        {
            Title = "API Sandbox TLS certificate change",
            Severity = ChangeBot.Core.Notices.Severity.ActionRequired,
            Text = "Trust the new root before " + TimeMarkup.Mark(deadline) + ".",
            Facts = [new ReplyFact("Deadline", TimeMarkup.Mark(deadline))],
            Sections = [new ReplySection("Salesforce", "No changes needed.")],
            Buttons = [new ReplyButton("We're ready", ButtonAction.Acknowledge("sandbox-tls", "ready"), ButtonStyle.Primary)],
            NoticeId = "sandbox-tls",
        }]);
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "notice sandbox-tls");
        var reply = (await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1)))[1]!;

        var text = reply["text"]!.GetValue<string>();
        Assert.StartsWith("API Sandbox TLS certificate change [action-required]", text, StringComparison.Ordinal);
        Assert.Contains("Deadline: Sun 6 Dec 2026 15:00 UTC (07:00 America/Los_Angeles)", text, StringComparison.Ordinal);
        Assert.Contains("Salesforce\nNo changes needed.", text, StringComparison.Ordinal);
        var button = reply["attachments"]![0]!["content"]!["buttons"]![0]!;
        Assert.Equal("imBack", button["type"]!.GetValue<string>());
        Assert.Equal("ack sandbox-tls ready", button["value"]!.GetValue<string>());
        var parts = reply["channelData"]!["changebot"]!;
        Assert.Equal(TimeMarkup.Mark(deadline), parts["facts"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("primary", parts["buttons"]![0]!["style"]!.GetValue<string>());
        Assert.Equal("sandbox-tls", parts["noticeId"]!.GetValue<string>());
    }
}
