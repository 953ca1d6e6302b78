using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;

namespace ChangeBot.Tests.Slack;

/// <summary>POST /slack/commands and /slack/interactions through the real pipeline.</summary>
public sealed class SlackCommandAndInteractionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string CommandForm(SlackTestApp t, string text = "subscribe+api-sandbox") =>
        SlackTestApp.Payload("command.txt")
            .Replace("RESPONSE_URL", Uri.EscapeDataString(t.Slack.ResponseUrl("cmd1")), StringComparison.Ordinal)
            .Replace("subscribe+api-sandbox", text, StringComparison.Ordinal);

    private static string ActionPayload(SlackTestApp t, string value = "ack api-sandbox-tls-certificate ready") =>
        SlackTestApp.Payload("block_actions.json")
            .Replace("RESPONSE_URL", t.Slack.ResponseUrl("act1"), StringComparison.Ordinal)
            .Replace("ack api-sandbox-tls-certificate ready", JsonEncodedText.Encode(value).ToString(), StringComparison.Ordinal);

    private static string Typed(ButtonAction action) => ButtonActionJson.ToJson(action).ToJsonString();

    [Fact]
    public async Task Command_Subscribe_AcksAndAnswersThroughResponseUrl()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Handler.AnswerWith(m => [new Reply { Text = "Subscribed this channel to api-sandbox." }]);

        var response = await t.PostFormAsync("/slack/commands", CommandForm(t));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await t.Handler.NextAsync();
        Assert.Equal("subscribe api-sandbox", message.Text);
        Assert.Equal("slack:U0USERAAA", message.UserId);
        Assert.Equal(new ConversationAddress(Platforms.Slack, "T0AAAAAAA", "C0CHANNEL"), message.Address);
        var hook = (await t.Slack.WaitForAsync(c => c.Method == "response_url:cmd1")).Single();
        Assert.Equal("in_channel", hook.Json!["response_type"]!.GetValue<string>());
        Assert.Contains("Subscribed this channel", hook.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Check_AcksAtOnceAndPrivateAnswerIsEphemeral()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Handler.AnswerWith(m => [Reply.Plain("Your integration will keep working.", isPrivate: true)]);

        var response = await t.PostFormAsync("/slack/commands", CommandForm(t, "check+api.example.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("ephemeral", ack["response_type"]!.GetValue<string>());
        Assert.Equal("check api.example.com", (await t.Handler.NextAsync()).Text);
        var hook = (await t.Slack.WaitForAsync(c => c.Method == "response_url:cmd1")).Single();
        Assert.Equal("ephemeral", hook.Json!["response_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_SslCheck_Returns200WithoutWork()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostFormAsync("/slack/commands", "ssl_check=1&token=x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await SlackEventsEndpointTests.AssertNothingHappenedAsync(t);
    }

    [Theory]
    [InlineData("token=abc&team_id=T0AAAAAAA&text=help")] // no command, channel, user or response_url
    [InlineData("command=%2Fchangebot&team_id=T0AAAAAAA&channel_id=C0CHANNEL&user_id=U0USERAAA&response_url=not-a-url")]
    [InlineData("")]
    public async Task Command_MalformedForm_Returns400AndStoresNothing(string form)
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostFormAsync("/slack/commands", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await SlackEventsEndpointTests.AssertNothingHappenedAsync(t);
    }

    [Fact]
    public async Task Command_JsonInsteadOfForm_Returns400()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostAsync("/slack/commands", "{\"text\":\"help\"}"u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await SlackEventsEndpointTests.AssertNothingHappenedAsync(t);
    }

    [Fact]
    public async Task Command_Unsigned_Returns401()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostAsync("/slack/commands", System.Text.Encoding.UTF8.GetBytes(CommandForm(t)), "application/x-www-form-urlencoded", signed: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await SlackEventsEndpointTests.AssertNothingHappenedAsync(t);
    }

    [Fact]
    public async Task BlockAction_AnswerButton_BecomesButtonCommandAndRepliesInNoticeThread()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Handler.AnswerWith(m => [Reply.Plain("Recorded: this channel is ready.")]);

        var response = await t.PostInteractionAsync(ActionPayload(t));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await t.Handler.NextAsync();
        Assert.Equal("ack api-sandbox-tls-certificate ready", message.Text);
        Assert.Equal("slack:U0USERAAA", message.UserId);
        Assert.Equal("C0CHANNEL", message.Address.Conversation);
        var post = (await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("1712340000.000100", post.Json!["thread_ts"]!.GetValue<string>());
    }

    [Fact]
    public async Task BlockAction_PrivateAnswer_GoesToResponseUrlAsEphemeral()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Handler.AnswerWith(m => [Reply.Plain("Only you can see this.", isPrivate: true)]);

        await t.PostInteractionAsync(ActionPayload(t));

        var hook = (await t.Slack.WaitForAsync(c => c.Method == "response_url:act1")).Single();
        Assert.Equal("ephemeral", hook.Json!["response_type"]!.GetValue<string>());
        Assert.False(hook.Json!["replace_original"]!.GetValue<bool>());
    }

    [Fact]
    public async Task BlockAction_CheckButton_OpensModalAndSubmissionRunsCheck()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostInteractionAsync(ActionPayload(t, Typed(ButtonAction.CheckEndpoint("api-sandbox-tls-certificate", null))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = (await t.Slack.WaitForAsync(c => c.Method == "views.open")).Single();
        Assert.Equal("123456789.987654321.abcdef0123456789abcdef0123456789", open.Json!["trigger_id"]!.GetValue<string>());
        var view = open.Json!["view"]!.AsObject();
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U0USERAAA", ["team_id"] = "T0AAAAAAA" },
            ["team"] = new JsonObject { ["id"] = "T0AAAAAAA" },
            ["view"] = new JsonObject
            {
                ["callback_id"] = view["callback_id"]!.GetValue<string>(),
                ["private_metadata"] = view["private_metadata"]!.GetValue<string>(),
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["target"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "api.example.com" } } } },
            },
        };

        var submitted = await t.PostInteractionAsync(submission.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var message = await t.Handler.NextAsync();
        Assert.Equal("check api.example.com for api-sandbox-tls-certificate", message.Text);
        Assert.Equal("C0CHANNEL", message.Address.Conversation);
    }

    [Fact]
    public async Task BlockAction_CheckButtonWithTestHost_PrefillsThePrompt()
    {
        await using var t = await SlackTestApp.StartAsync();

        await t.PostInteractionAsync(ActionPayload(t, Typed(ButtonAction.CheckEndpoint("api-sandbox-tls-certificate", "test.api-sandbox.example.com"))));

        var open = (await t.Slack.WaitForAsync(c => c.Method == "views.open")).Single();
        var input = open.Json!["view"]!["blocks"]![0]!["element"]!;
        Assert.Equal("test.api-sandbox.example.com", input["initial_value"]!.GetValue<string>());
        Assert.Equal(0, t.Handler.Count);
    }

    [Fact]
    public async Task BlockAction_CheckPromptCannotOpen_AsksForTheEndpointInstead()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("views.open", 200, "{\"ok\":false,\"error\":\"expired_trigger_id\"}");

        await t.PostInteractionAsync(ActionPayload(t, Typed(ButtonAction.CheckEndpoint("api-sandbox-tls-certificate", null))));

        var hook = (await t.Slack.WaitForAsync(c => c.Method == "response_url:act1")).Single();
        Assert.Equal("ephemeral", hook.Json!["response_type"]!.GetValue<string>());
        Assert.Contains("/changebot check", hook.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckSubmission_WithSpaces_ReturnsFieldErrorAndRunsNothing()
    {
        await using var t = await SlackTestApp.StartAsync();
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U0USERAAA" },
            ["view"] = new JsonObject
            {
                ["callback_id"] = "changebot-check",
                ["private_metadata"] = "{\"team\":\"T0AAAAAAA\",\"channel\":\"C0CHANNEL\",\"is_direct\":false}",
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["target"] = new JsonObject { ["value"] = new JsonObject { ["value"] = "two hosts" } } } },
            },
        };

        var response = await t.PostInteractionAsync(submission.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("errors", body["response_action"]!.GetValue<string>());
        Assert.NotNull(body["errors"]!["target"]);
        await SlackEventsEndpointTests.AssertNothingHappenedAsync(t);
    }

    [Theory]
    [InlineData("payload=%7Bnot+json")]
    [InlineData("other=1")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D")] // no team, no user
    public async Task Interaction_MalformedBody_Returns400AndStoresNothing(string form)
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostFormAsync("/slack/interactions", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await SlackEventsEndpointTests.AssertNothingHappenedAsync(t);
    }
}
