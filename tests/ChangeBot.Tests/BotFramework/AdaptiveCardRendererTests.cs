using System.Text.Json.Nodes;
using ChangeBot.BotFramework.Cards;
using ChangeBot.BotFramework.Connector;
using ChangeBot.Core.Conversations;
using ChangeBot.Turns;

namespace ChangeBot.Tests.BotFramework;

public sealed class AdaptiveCardRendererTests
{
    [Fact]
    public void Render_Notice_HasSeverityTitleFactsAndFourButtons()
    {
        var card = AdaptiveCardRenderer.Render(SampleReplies.Notice);

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        var body = card["body"]!.AsArray();
        Assert.Equal("warning", (string?)body[0]!["style"]);
        Assert.Equal("Action required", (string?)body[0]!["items"]![0]!["text"]);
        Assert.Equal(SampleReplies.Notice.Title, (string?)body[1]!["text"]);
        var facts = body.Single(e => (string?)e!["type"] == "FactSet")!["facts"]!.AsArray();
        Assert.Equal(["Window", "Deadline", "Downtime", "Action", "Test endpoint"], facts.Select(f => (string?)f!["title"]));

        var actions = card["actions"]!.AsArray();
        Assert.Equal(["We're ready", "Not affected", "Need help", "Check an endpoint"], actions.Select(a => (string?)a!["title"]));
        Assert.Equal("positive", (string?)actions[0]!["style"]);
        Assert.Equal("destructive", (string?)actions[2]!["style"]);
        Assert.Equal("ack api-sandbox-tls-certificate ready", CommandParser.Text(ButtonActionJson.Read(actions[0]!["data"]!["changebotAction"])!));
        Assert.Equal("api-sandbox-tls-certificate", (string?)actions[0]!["data"]!["changebotNotice"]);
    }

    [Fact]
    public void Render_CheckButtonWithoutEndpoint_AsksForItInAShowCard()
    {
        var check = AdaptiveCardRenderer.Render(SampleReplies.Notice)["actions"]![3]!;

        Assert.Equal("Action.ShowCard", (string?)check["type"]);
        var prompt = check["card"]!;
        Assert.Equal(AdaptiveCardRenderer.TargetInputId, (string?)prompt["body"]![0]!["id"]);
        Assert.Equal("check api.example.com for api-sandbox-tls-certificate",
            CommandParser.Text(ButtonActionJson.Read(prompt["actions"]![0]!["data"]!["changebotAction"])!, "api.example.com"));
    }

    [Fact]
    public void Render_TimeMarker_BecomesDateTimeFunctionsPlusUtc()
    {
        var deadline = AdaptiveCardRenderer.Render(SampleReplies.Notice)["body"]!.AsArray()
            .Single(e => (string?)e!["type"] == "FactSet")!["facts"]![1]!["value"]!.GetValue<string>();

        Assert.Equal("{{DATE(2026-12-05T15:00:00Z, SHORT)}} {{TIME(2026-12-05T15:00:00Z)}} (Sat 5 Dec 2026 15:00 UTC)", deadline);
    }

    [Fact]
    public void Build_BareSentence_IsPlainTextNotACard()
    {
        var activity = ReplyActivityBuilder.Build(Reply.Plain("Subscribed."))!;

        Assert.Equal("Subscribed.", activity.Text);
        Assert.Equal("plain", activity.TextFormat);
        Assert.Null(activity.Attachments);
    }

    [Fact]
    public void Build_TextWithTime_IsACardSoReadersSeeTheirZone()
    {
        var activity = ReplyActivityBuilder.Build(SampleReplies.TextWithTime)!;

        Assert.Null(activity.Text);
        Assert.Contains("{{DATE(", Assert.Single(activity.Attachments!).Content.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EmptyReply_SendsNothing() => Assert.Null(ReplyActivityBuilder.Build(Reply.Plain("  ")));

    [Fact]
    public void Build_HugeReply_FitsTeamsSizeAndSaysSomethingWasLeftOut()
    {
        var activity = ReplyActivityBuilder.Build(SampleReplies.Huge)!;

        Assert.True(ConnectorClient.MeasureBytes(activity) <= ReplyActivityBuilder.MaxActivityBytes);
        var body = activity.Attachments![0].Content["body"]!.AsArray();
        Assert.Contains("notice api-sandbox-tls-certificate", (string?)body[^1]!["text"], StringComparison.Ordinal);
        Assert.Equal(SampleReplies.Huge.Title, (string?)body[0]!["text"]);
    }

    [Fact]
    public void Render_SameReply_SameCard() =>
        Assert.True(JsonNode.DeepEquals(AdaptiveCardRenderer.Render(SampleReplies.Notice), AdaptiveCardRenderer.Render(SampleReplies.Notice)));
}
