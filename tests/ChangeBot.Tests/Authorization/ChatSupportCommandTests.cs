using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Tests.BotFramework;
using ChangeBot.Tests.Slack;

namespace ChangeBot.Tests.Authorization;

/// <summary>One way a support command reaches the server: <see cref="SendAsync"/> types or presses
/// <c>text</c> as the support user or as a customer and returns the bot's answer.</summary>
internal sealed record SupportEntryPoint(
    string Lane, string Platform, string SupportUser, IChangeBotStore Store, Func<string, bool, Task<string>> SendAsync);

/// <summary>
/// One Slack server and one Teams server for the class, each with a support user and a customer whose raw id
/// is listed as support under the other platforms (and must not count). Slack's support user is
/// <c>slack:U0SUPPORT</c>; Teams lists support users by AAD object id (<c>msteams:&lt;aad-object-id&gt;</c>).
/// </summary>
public sealed class ChatSupportFixture : IAsyncLifetime
{
    public const string SlackCustomer = "U0USERAAA";
    public const string SlackSupportUser = "U0SUPPORT";
    public const string TeamsSupportAadId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private static readonly ConversationAddress SlackChannel = new(Platforms.Slack, "T0AAAAAAA", "C0CHANNEL");
    private static readonly ConversationAddress TeamsChannel = new(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.ChannelConversation);

    private SlackTestApp _slack = null!;
    private TeamsTestHost _teams = null!;

    /// <summary>Slack's slash command, app mention and block button; Teams' channel mention and Adaptive Card
    /// button (anyone in a channel can press a button, so buttons are entry points of their own).</summary>
    public static TheoryData<string, string> EntryPointsAndCommands
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var entry in new[] { "slack-command", "slack-mention", "slack-button", "teams-mention", "teams-card" })
            {
                foreach (var command in SupportCommandScenario.CommandNames)
                {
                    data.Add(entry, command);
                }
            }

            return data;
        }
    }

    internal SupportEntryPoint EntryPoint(string name) => name switch
    {
        "slack-command" => Slack(name, SlashCommandAsync),
        "slack-mention" => Slack(name, MentionAsync),
        "slack-button" => Slack(name, PressAsync),
        "teams-mention" => Teams(name, (text, id) => TeamsActivities.ChannelMention(_teams.ServiceUrl, text, id)),
        "teams-card" => Teams(name, (text, id) => TeamsActivities.CardSubmit(_teams.ServiceUrl, new JsonObject { ["changebot"] = text }, id)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an entry point"),
    };

    public async ValueTask InitializeAsync()
    {
        _slack = await SlackTestApp.StartAsync(
            s => s["ChangeBot:SupportUsers"] = $"slack:{SlackSupportUser},msteams:{SlackCustomer},directline:{SlackCustomer}",
            realHandler: true);
        await SupportCommandScenario.SeedAsync(_slack.App.Services, SlackChannel, Lanes("slack-command", "slack-mention", "slack-button"));
        _teams = await TeamsTestHost.StartAsync(
            _ => new Dictionary<string, string?>
            {
                ["ChangeBot:SupportUsers"] = $"msteams:{TeamsSupportAadId},slack:{TeamsActivities.UserAadId},directline:{TeamsActivities.UserAadId}",
            },
            realHandler: true);
        await SupportCommandScenario.SeedAsync(_teams.App.Services, TeamsChannel, Lanes("teams-mention", "teams-card"));
    }

    public async ValueTask DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _teams.DisposeAsync();
    }

    private static string[] Lanes(params string[] entries) => [.. entries.SelectMany(e => new[] { e + "-refused", e + "-allowed" })];

    private SupportEntryPoint Slack(string name, Func<string, string, Task<string>> send) =>
        new(name, Platforms.Slack, "slack:" + SlackSupportUser, _slack.Store,
            (text, asSupport) => send(text, asSupport ? SlackSupportUser : SlackCustomer));

    private SupportEntryPoint Teams(string name, Func<string, string, JsonObject> build) =>
        new(name, Platforms.Teams, "msteams:" + TeamsSupportAadId, _teams.Store,
            (text, asSupport) => SendToTeamsAsync(id => build(text, id), asSupport ? TeamsSupportAadId : TeamsActivities.UserAadId));

    /// <summary>A button carrying <paramref name="text"/> pressed under a bot message; returns the answer
    /// (on the response_url, or in the message's thread).</summary>
    private async Task<string> PressAsync(string text, string user)
    {
        var hook = Guid.NewGuid().ToString("N");
        var ts = $"1712340000.{Random.Shared.Next(100000, 999999)}";
        var payload = JsonNode.Parse(SlackTestApp.Payload("block_actions.json"))!;
        payload["user"]!["id"] = user;
        payload["response_url"] = _slack.Slack.ResponseUrl(hook);
        payload["container"]!["message_ts"] = ts;
        payload["message"]!["ts"] = ts;
        payload["actions"]![0]!["value"] = text;

        using var response = await _slack.PostInteractionAsync(payload.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await _slack.Slack.WaitForAsync(c => c.Method == "response_url:" + hook
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
            .Replace("RESPONSE_URL", Uri.EscapeDataString(_slack.Slack.ResponseUrl(hook)), StringComparison.Ordinal);

        using var response = await _slack.PostFormAsync("/slack/commands", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await _slack.Slack.WaitForAsync(c => c.Method == "response_url:" + hook)).Single();
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

        using var response = await _slack.PostEventAsync(envelope.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await _slack.Slack.WaitForAsync(c => c.Method is "chat.postEphemeral" or "chat.postMessage" && (string?)c.Json?["thread_ts"] == ts)).Single();
        return ReplyText.Of(call.Json);
    }

    /// <summary>Posts the activity <paramref name="build"/> makes (given its id) from the user with
    /// <paramref name="aadObjectId"/> on POST /api/messages with a valid Bot Framework token; returns the bot's
    /// reply to that activity (other Connector calls, such as broadcasts, are skipped).</summary>
    private async Task<string> SendToTeamsAsync(Func<string, JsonObject> build, string aadObjectId)
    {
        var id = Random.Shared.NextInt64(1_700_000_000_000, 1_799_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var activity = build(id);
        activity["from"]!["aadObjectId"] = aadObjectId;

        using var response = await _teams.PostAsync(activity, _teams.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        while (true)
        {
            var call = await _teams.Connector.NextCallAsync();
            if (call.Path.EndsWith("/activities/" + id, StringComparison.Ordinal))
            {
                return ReplyText.Of(call.Body);
            }
        }
    }
}

/// <summary>Support commands through every Slack and Teams entry point: refused for a customer (the store
/// unchanged), carried out for the support user.</summary>
public sealed class ChatSupportCommandTests(ChatSupportFixture fixture) : IClassFixture<ChatSupportFixture>
{
    [Theory]
    [MemberData(nameof(ChatSupportFixture.EntryPointsAndCommands), MemberType = typeof(ChatSupportFixture))]
    public async Task FromACustomer_IsRefusedAndChangesNothing(string entryPoint, string command)
    {
        var entry = fixture.EntryPoint(entryPoint);
        var before = await SupportCommandScenario.SnapshotAsync(entry.Store);

        var reply = await entry.SendAsync(SupportCommandScenario.Text(entry.Lane + "-refused", command), false);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(entry.Store));
    }

    [Theory]
    [MemberData(nameof(ChatSupportFixture.EntryPointsAndCommands), MemberType = typeof(ChatSupportFixture))]
    public async Task FromSupport_IsCarriedOut(string entryPoint, string command)
    {
        var entry = fixture.EntryPoint(entryPoint);
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await entry.SendAsync(SupportCommandScenario.Text(entry.Lane + "-allowed", command), true);

        await SupportCommandScenario.AssertCarriedOutAsync(entry.Store, entry.Lane + "-allowed", command, reply, entry.SupportUser, entry.Platform, sentAt);
    }
}
