using System.Text.Json;
using ChangeBot.Slack.Inbound;

namespace ChangeBot.Tests.Slack;

public sealed class SlackTranslatorTests
{
    private static SlackEnvelope Envelope(string file) =>
        JsonSerializer.Deserialize(SlackTestApp.Payload(file), SlackInboundJson.Default.SlackEnvelope)!;

    [Fact]
    public void FromEvent_AppMention_StripsBotMentionAndThreadsUnderIt()
    {
        var inbound = SlackTranslator.FromEvent(Envelope("app_mention.json"))!;

        Assert.Equal("does the Salesforce connector need changes?", inbound.Message.Text);
        Assert.Equal("1712345678.123456", inbound.Route.ThreadTs);
        Assert.Null(inbound.Route.ContextTs);
        Assert.Null(inbound.Route.ResponseUrl);
    }

    [Fact]
    public void FromEvent_MentionInsideNoticeThread_KeepsThreadAsContext()
    {
        var envelope = Envelope("app_mention.json");
        envelope = envelope with { Event = envelope.Event! with { ThreadTs = "1712340000.000100" } };

        var inbound = SlackTranslator.FromEvent(envelope)!;

        Assert.Equal("1712340000.000100", inbound.Route.ThreadTs);
        Assert.Equal("1712340000.000100", inbound.Route.ContextTs);
    }

    [Fact]
    public void FromEvent_BotOrEditedOrChannelMessage_IsIgnored()
    {
        var mention = Envelope("app_mention.json");
        var im = Envelope("message_im.json");

        Assert.Null(SlackTranslator.FromEvent(Envelope("message_bot.json")));
        Assert.Null(SlackTranslator.FromEvent(im with { Event = im.Event! with { Subtype = "message_changed" } }));
        Assert.Null(SlackTranslator.FromEvent(im with { Event = im.Event! with { ChannelType = "channel" } }));
        Assert.Null(SlackTranslator.FromEvent(mention with { Event = mention.Event! with { User = "U0BOTBOT" } }));
        Assert.Null(SlackTranslator.FromEvent(mention with { Event = mention.Event! with { Type = "reaction_added" } }));
    }

    [Theory]
    [InlineData("<@U0BOTBOT> help", "U0BOTBOT", "help")]
    [InlineData("<@U0BOTBOT|changebot>   check   api.example.com", "U0BOTBOT", "check api.example.com")]
    [InlineData("hey <@U0BOTBOT> notices", "U0BOTBOT", "hey notices")]
    [InlineData("<@U0OTHER> is ready, <@U0BOTBOT>", "U0BOTBOT", "<@U0OTHER> is ready,")]
    [InlineData("<@U0SOMEBOT> help", null, "help")]
    public void StripMention_RemovesOnlyTheBot(string text, string? bot, string expected) =>
        Assert.Equal(expected, SlackTranslator.StripMention(text, bot));

    [Fact]
    public void FromCommand_InDirectMessage_IsDirect()
    {
        var form = new Dictionary<string, string>
        {
            ["command"] = "/changebot", ["text"] = " help ", ["team_id"] = "T1", ["channel_id"] = "D123",
            ["channel_name"] = "directmessage", ["user_id"] = "U1", ["response_url"] = "https://hooks.slack.com/commands/T1/1/x",
        };

        var inbound = SlackTranslator.FromCommand(SlackCommand.FromForm(form, out _)!);

        Assert.True(inbound.Message.IsDirect);
        Assert.Equal("help", inbound.Message.Text);
        Assert.Equal("https://hooks.slack.com/commands/T1/1/x", inbound.Route.ResponseUrl);
    }
}
