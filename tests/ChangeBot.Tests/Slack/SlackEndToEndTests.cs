using System.Globalization;
using System.Text.Json.Nodes;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>The story with the product's own conversation handler and delivery engine: subscribe
/// with the slash command, receive the published notice as Block Kit, answer with its button.</summary>
public sealed class SlackEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubscribeBroadcastAndAnswer_ThroughSlack()
    {
        await using var t = await SlackTestApp.StartAsync(realHandler: true);
        var form = SlackTestApp.Payload("command.txt").Replace("RESPONSE_URL", Uri.EscapeDataString(t.Slack.ResponseUrl("sub")), StringComparison.Ordinal);

        // 1. /changebot subscribe api-sandbox
        await t.PostFormAsync("/slack/commands", form);
        await t.Slack.WaitForAsync(c => c.Method == "response_url:sub");
        var channel = new ConversationAddress(Platforms.Slack, "T0AAAAAAA", "C0CHANNEL");
        Assert.Contains(await t.Store.ListSubscriptionsAsync(channel, Ct), s => s.Filters.Contains("api-sandbox"));

        // 2. A notice for api-sandbox is published: the channel gets it as Block Kit.
        var window = DateTimeOffset.Parse("2030-03-14T17:00:00Z", CultureInfo.InvariantCulture);
        await t.Store.ImportNoticesAsync([new Notice
        {
            Id = "sandbox-ca-move", Title = "API Sandbox moves to a new CA", Severity = Severity.Breaking,
            Environments = ["api-sandbox"], WindowStart = window, WindowEnd = window.AddHours(2), ActionDeadline = window.AddDays(-7),
            TimeZone = "America/Los_Angeles", Body = "Heads up <!channel>: trust the new root.",
            Endpoints = [new NoticeEndpoint("API Sandbox", "https://api-sandbox.example.com", "https://test.api-sandbox.example.com")],
        }], Ct);
        await t.App.Services.GetRequiredService<INoticeOperations>().PublishAsync("sandbox-ca-move", new Actor("slack:USUPPORT", "test"), Ct);
        await t.App.Services.GetRequiredService<DeliveryEngine>().DispatchAsync("sandbox-ca-move", Ct);
        var post = (await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Channel == "C0CHANNEL")).First();
        var blocks = post.Json!["blocks"]!.ToJsonString();
        Assert.Contains("API Sandbox moves to a new CA", blocks, StringComparison.Ordinal);
        Assert.Contains("<!date^" + window.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Unescape(blocks), StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", Unescape(blocks), StringComparison.Ordinal);
        var buttons = post.Json!["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        var ready = buttons.Select(b => b!["value"]!.GetValue<string>()).Single(v => ButtonActionJson.Parse(v)!.Args is [_, "ready"]);
        var delivered = (await t.Store.ListDeliveriesAsync("sandbox-ca-move", Ct)).Single(d => d.Kind == DeliveryKind.Broadcast);

        // 3. "We're ready" is pressed on that message.
        var action = SlackTestApp.Payload("block_actions.json")
            .Replace("RESPONSE_URL", t.Slack.ResponseUrl("ack"), StringComparison.Ordinal)
            .Replace("ack api-sandbox-tls-certificate ready", System.Text.Json.JsonEncodedText.Encode(ready).ToString(), StringComparison.Ordinal)
            .Replace("1712340000.000100", delivered.PlatformMessageId!, StringComparison.Ordinal);
        await t.PostInteractionAsync(action);
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);

        var ack = Assert.Single(await t.Store.ListAcknowledgementsAsync("sandbox-ca-move", Ct));
        Assert.Equal(AckAnswer.Ready, ack.Answer);
        Assert.Equal("slack:U0USERAAA", ack.UserId);
        Assert.Equal(channel.Key, ack.ChannelKey);
    }

    private static string Unescape(string json) => JsonNode.Parse($"\"{json.Replace("\"", "\\\"", StringComparison.Ordinal)}\"")!.GetValue<string>();
}
