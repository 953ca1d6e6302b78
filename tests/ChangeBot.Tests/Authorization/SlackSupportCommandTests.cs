using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Tests.Slack;

namespace ChangeBot.Tests.Authorization;

/// <summary>One Slack server for the class: support is <c>slack:U0SUPPORT</c>; the customer's raw id is
/// listed under other platforms too, and must not count on Slack.</summary>
public sealed class SlackSupportFixture : IAsyncLifetime
{
    public const string Customer = "U0USERAAA";
    public const string SupportUser = "U0SUPPORT";
    public static readonly ConversationAddress Channel = new(Platforms.Slack, "T0AAAAAAA", "C0CHANNEL");

    internal SlackTestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await SlackTestApp.StartAsync(
            s => s["ChangeBot:SupportUsers"] = $"slack:{SupportUser},msteams:{Customer},directline:{Customer}",
            realHandler: true);
        await SupportCommandScenario.SeedAsync(App.App.Services, Channel, "cmd-refused", "cmd-allowed", "mention-refused", "mention-allowed", "button-refused", "button-allowed");
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>Support commands through Slack's real entry points: the signed slash command, an app mention, and
/// a button whose value is the command (buttons carry command text, and anyone in a channel can press one).</summary>
public sealed class SlackSupportCommandTests(SlackSupportFixture fixture) : IClassFixture<SlackSupportFixture>
{
    private SlackTestApp T => fixture.App;

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task SlashCommand_FromACustomer_IsRefusedAndChangesNothing(string command)
    {
        var before = await SupportCommandScenario.SnapshotAsync(T.Store);

        var reply = await SlashCommandAsync(SupportCommandScenario.Text("cmd-refused", command), SlackSupportFixture.Customer);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(T.Store));
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task SlashCommand_FromSupport_IsCarriedOut(string command)
    {
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await SlashCommandAsync(SupportCommandScenario.Text("cmd-allowed", command), SlackSupportFixture.SupportUser);

        await SupportCommandScenario.AssertCarriedOutAsync(T.Store, "cmd-allowed", command, reply, "slack:" + SlackSupportFixture.SupportUser, Platforms.Slack, sentAt);
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task AppMention_FromACustomer_IsRefusedAndChangesNothing(string command)
    {
        var before = await SupportCommandScenario.SnapshotAsync(T.Store);

        var reply = await MentionAsync(SupportCommandScenario.Text("mention-refused", command), SlackSupportFixture.Customer);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(T.Store));
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task AppMention_FromSupport_IsCarriedOut(string command)
    {
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await MentionAsync(SupportCommandScenario.Text("mention-allowed", command), SlackSupportFixture.SupportUser);

        await SupportCommandScenario.AssertCarriedOutAsync(T.Store, "mention-allowed", command, reply, "slack:" + SlackSupportFixture.SupportUser, Platforms.Slack, sentAt);
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task Button_FromACustomer_IsRefusedAndChangesNothing(string command)
    {
        var before = await SupportCommandScenario.SnapshotAsync(T.Store);

        var reply = await PressAsync(SupportCommandScenario.Text("button-refused", command), SlackSupportFixture.Customer);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(T.Store));
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task Button_FromSupport_IsCarriedOut(string command)
    {
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await PressAsync(SupportCommandScenario.Text("button-allowed", command), SlackSupportFixture.SupportUser);

        await SupportCommandScenario.AssertCarriedOutAsync(T.Store, "button-allowed", command, reply, "slack:" + SlackSupportFixture.SupportUser, Platforms.Slack, sentAt);
    }

    /// <summary>A button carrying <paramref name="text"/> pressed under a bot message; returns the answer
    /// (on the response_url, or in the message's thread).</summary>
    private async Task<string> PressAsync(string text, string user)
    {
        var hook = Guid.NewGuid().ToString("N");
        var ts = $"1712340000.{Random.Shared.Next(100000, 999999)}";
        var payload = JsonNode.Parse(SlackTestApp.Payload("block_actions.json"))!;
        payload["user"]!["id"] = user;
        payload["response_url"] = T.Slack.ResponseUrl(hook);
        payload["container"]!["message_ts"] = ts;
        payload["message"]!["ts"] = ts;
        payload["actions"]![0]!["value"] = text;

        using var response = await T.PostInteractionAsync(payload.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await T.Slack.WaitForAsync(c => c.Method == "response_url:" + hook
            || (c.Method is "chat.postEphemeral" or "chat.postMessage" && (string?)c.Json?["thread_ts"] == ts))).Single();
        return ReplyText.Of(call.Json);
    }

    /// <summary><c>/changebot &lt;text&gt;</c> as Slack posts it; returns what came back on the response_url.</summary>
    private async Task<string> SlashCommandAsync(string text, string user)
    {
        var hook = Guid.NewGuid().ToString("N");
        var form = SlackTestApp.Payload("command.txt")
            .Replace("text=subscribe+api-sandbox", "text=" + Uri.EscapeDataString(text), StringComparison.Ordinal)
            .Replace("user_id=U0USERAAA", "user_id=" + user, StringComparison.Ordinal)
            .Replace("RESPONSE_URL", Uri.EscapeDataString(T.Slack.ResponseUrl(hook)), StringComparison.Ordinal);

        using var response = await T.PostFormAsync("/slack/commands", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await T.Slack.WaitForAsync(c => c.Method == "response_url:" + hook)).Single();
        return ReplyText.Of(call.Json);
    }

    /// <summary>"@ChangeBot &lt;text&gt;" in a channel; returns the reply in that message's thread.</summary>
    private async Task<string> MentionAsync(string text, string user)
    {
        var ts = $"1712345678.{Random.Shared.Next(100000, 999999)}";
        var envelope = JsonNode.Parse(SlackTestApp.Payload("app_mention.json"))!;
        envelope["event_id"] = "Ev" + Guid.NewGuid().ToString("N");
        envelope["event"]!["text"] = "<@U0BOTBOT> " + text;
        envelope["event"]!["user"] = user;
        envelope["event"]!["ts"] = ts;
        envelope["event"]!["event_ts"] = ts;
        envelope["event"]!["client_msg_id"] = Guid.NewGuid().ToString();

        using var response = await T.PostEventAsync(envelope.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await T.Slack.WaitForAsync(c => c.Method is "chat.postEphemeral" or "chat.postMessage" && (string?)c.Json?["thread_ts"] == ts)).Single();
        return ReplyText.Of(call.Json);
    }
}
