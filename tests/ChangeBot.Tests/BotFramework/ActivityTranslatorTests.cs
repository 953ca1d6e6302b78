using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.BotFramework.Inbound;
using ChangeBot.BotFramework.Schema;

namespace ChangeBot.Tests.BotFramework;

public sealed class ActivityTranslatorTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private static Activity Parse(JsonObject json) => JsonSerializer.Deserialize(json.ToJsonString(), BotFrameworkJson.Default.Activity)!;

    [Theory]
    [InlineData("<at>ChangeBot</at> help", "help")]
    [InlineData("<at>changebot</at>&nbsp;notice api-sandbox-tls-certificate", "notice api-sandbox-tls-certificate")]
    [InlineData("ack api-sandbox-tls-certificate ready <at>ChangeBot</at>\n", "ack api-sandbox-tls-certificate ready")]
    [InlineData("does <at>Dana</at> need changes? <at>ChangeBot</at>", "does <at>Dana</at> need changes?")]
    public void StripBotMention_RemovesOnlyTheBotsOwnMention(string text, string expected)
    {
        var json = TeamsActivities.ChannelMention(ServiceUrl, "");
        json["text"] = text;
        json["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = TeamsActivities.UserId, ["name"] = "Dana" },
            ["text"] = "<at>Dana</at>",
        });

        Assert.Equal(expected, ActivityTranslator.StripBotMention(Parse(json)));
    }

    [Fact]
    public void StripBotMention_EntityWithoutText_UsesTheMentionedName()
    {
        var json = TeamsActivities.ChannelMention(ServiceUrl, "subscribe");
        json["entities"]![0]!.AsObject().Remove("text");

        Assert.Equal("subscribe", ActivityTranslator.StripBotMention(Parse(json)));
    }

    [Fact]
    public void ToIncomingMessage_BareMention_AsksForHelp()
    {
        var message = ActivityTranslator.ToIncomingMessage(Parse(TeamsActivities.ChannelMention(ServiceUrl, "")));

        Assert.Equal("help", message!.Text);
    }

    [Fact]
    public void ToIncomingMessage_NoAadObjectId_FallsBackToTeamsUserId()
    {
        var json = TeamsActivities.PersonalMessage(ServiceUrl, "help");
        json["from"]!.AsObject().Remove("aadObjectId");

        Assert.Equal("msteams:" + TeamsActivities.UserId, ActivityTranslator.ToIncomingMessage(Parse(json))!.UserId);
    }

    [Fact]
    public void ToIncomingMessage_TenantOnlyOnConversation_IsTaken()
    {
        var json = TeamsActivities.PersonalMessage(ServiceUrl, "help");
        json.Remove("channelData");

        Assert.Equal(TestBotIssuer.TenantId, ActivityTranslator.ToIncomingMessage(Parse(json))!.Address.Workspace);
    }

    [Fact]
    public void ToIncomingMessage_ReplyInChannelThread_AddressesTheChannel()
    {
        var json = TeamsActivities.ChannelMention(ServiceUrl, "help", conversationId: TeamsActivities.ChannelConversation + ";messageid=42");

        Assert.Equal(TeamsActivities.ChannelConversation, ActivityTranslator.ToIncomingMessage(Parse(json))!.Address.Conversation);
    }

    [Fact]
    public void ToIncomingMessage_ForeignCardSubmit_IsNotTreatedAsACommand()
    {
        var json = TeamsActivities.CardSubmit(ServiceUrl, new JsonObject { ["somethingElse"] = "ack x ready" });

        Assert.Null(ActivityTranslator.ToIncomingMessage(Parse(json)));
    }

    [Fact]
    public void Parse_UnknownFields_AreKeptNotRejected()
    {
        var activity = Parse(TeamsActivities.PersonalMessage(ServiceUrl, "help"));

        Assert.True(activity.Extra!.ContainsKey("someFutureField"));
        Assert.Null(ActivityTranslator.Problem(activity));
    }
}
