using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Conversations;

public sealed class NoticeRepliesTests
{
    [Fact]
    public void Render_SampleNotice_HasFactsAsTimeMarkersAndTheFourButtons()
    {
        var notice = ConversationTestKitNotices.Sample();

        var reply = NoticeReplies.Render(notice);

        Assert.Equal(notice.Title, reply.Title);
        Assert.Equal(Severity.ActionRequired, reply.Severity);
        Assert.Contains(new ReplyFact("Window starts", TimeMarkup.Mark(notice.WindowStart!.Value)), reply.Facts);
        Assert.Contains(new ReplyFact("Window ends", TimeMarkup.Mark(notice.WindowEnd!.Value)), reply.Facts);
        Assert.Contains(new ReplyFact("Action deadline", TimeMarkup.Mark(notice.ActionDeadline!.Value)), reply.Facts);
        Assert.Contains(new ReplyFact("Downtime", "none expected"), reply.Facts);
        Assert.Contains(new ReplyFact("Test endpoint", "https://apisandbox-new.zuora.com"), reply.Facts);
        Assert.Equal(notice.Sections.Select(s => s.Heading), reply.Sections.Select(s => s.Heading));
        Assert.Equal(
            [
                "ack api-sandbox-tls-certificate ready",
                "ack api-sandbox-tls-certificate not-affected",
                "ack api-sandbox-tls-certificate need-help",
                "check apisandbox-new.zuora.com for api-sandbox-tls-certificate",
            ],
            reply.Buttons.Select(b => b.Command));
        Assert.Equal(["We're ready", "Not affected", "Need help", "Check an endpoint"], reply.Buttons.Select(b => b.Label));
    }

    [Fact]
    public void Render_EveryButton_ParsesAsTheCommandItNames()
    {
        var parser = new CommandParser();
        foreach (var button in NoticeReplies.Render(ConversationTestKitNotices.Sample()).Buttons)
        {
            Assert.IsType<ParsedInput.Command>(parser.Parse(button.Command));
        }
    }

    [Fact]
    public void Render_CancelledNotice_ShowsItsStatusAndNoButtons()
    {
        var reply = NoticeReplies.Render(ConversationTestKitNotices.Sample() with { State = NoticeState.Cancelled });

        Assert.Contains(new ReplyFact("Status", "cancelled"), reply.Facts);
        Assert.Empty(reply.Buttons);
    }

    [Fact]
    public void TestHost_WithAPortOtherThan443_KeepsThePort()
    {
        var notice = ConversationTestKitNotices.Sample() with { Endpoints = [new NoticeEndpoint("x", null, "https://test.example.com:8443/api")] };

        Assert.Equal("test.example.com:8443", NoticeReplies.TestHost(notice));
    }
}
