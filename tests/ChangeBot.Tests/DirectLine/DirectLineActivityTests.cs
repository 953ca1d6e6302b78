using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.DirectLine;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.DirectLine;

public sealed class DirectLineActivityTests
{
    [Fact]
    public async Task PostActivity_Message_EchoesItWithChannelDataThenTheBotReplies()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        var activityId = await host.PostMessageAsync(id, token, "does the Salesforce connector need changes?", clientActivityId: "abc-123");

        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        var echo = activities[0]!;
        Assert.Equal(activityId, echo["id"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        Assert.Equal("guest-" + id[..12], echo["from"]!["id"]!.GetValue<string>()); // never the client's from.id
        Assert.Equal("abc-123", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Equal(id, echo["conversation"]!["id"]!.GetValue<string>());
        var reply = activities[1]!;
        Assert.Equal("bot", reply["from"]!["role"]!.GetValue<string>());
        Assert.Equal("You said: does the Salesforce connector need changes?", reply["text"]!.GetValue<string>());
        Assert.Equal(activityId, reply["replyToId"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(echo["timestamp"]!.GetValue<string>(), reply["timestamp"]!.GetValue<string>()) < 0);
    }

    [Fact]
    public async Task GetActivities_WithWatermark_ReturnsOnlyNewerAndIdleReturnsEmpty200()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        await host.PostMessageAsync(id, token, "first", "c1");
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        var firstPage = await host.GetActivitiesAsync(id, token);
        var watermark = firstPage["watermark"]!.GetValue<string>();

        var idle = await host.GetActivitiesAsync(id, token, watermark);
        await host.PostMessageAsync(id, token, "second", "c2");
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(2));
        var next = await host.GetActivitiesAsync(id, token, watermark);

        Assert.Equal("2", watermark);
        Assert.Empty(idle["activities"]!.AsArray());
        Assert.Equal(watermark, idle["watermark"]!.GetValue<string>());
        Assert.Equal(["second", "You said: second"], next["activities"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
        Assert.Equal("4", next["watermark"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostActivity_Message_HandsTheCoreAnIncomingMessageForThisConversation()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "  help  ", from: "alice");
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        var message = Assert.Single(host.Handler.Received);
        Assert.Equal(new ConversationAddress(Platforms.DirectLine, "local", id), message.Address);
        Assert.Equal("directline:guest-" + id[..12], message.UserId);
        Assert.Equal("Uma", message.UserName);
        Assert.Equal("help", message.Text);
        Assert.True(message.IsDirect);
        Assert.Equal("America/Los_Angeles", message.UserTimeZone);
        var reference = Assert.Single(host.Store.References.Values);
        Assert.Equal(message.Address, reference.Address);
    }

    [Fact]
    public async Task PostActivity_FirstMessage_StoresTheConversationReferenceInTheServersStore()
    {
        await using var host = new DirectLineHarness(realStore: true);
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "subscribe", from: "alice");
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        var store = host.App.Services.GetRequiredService<IConversationStore>();
        var reference = await store.GetConversationAsync(new ConversationAddress(Platforms.DirectLine, "local", id).Key, DirectLineHarness.Ct);
        Assert.NotNull(reference);
        Assert.Contains($"\"userId\":\"guest-{id[..12]}\"", reference.PlatformData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostActivity_ButtonUnderANoticeReply_CarriesTheNoticeAsContext()
    {
        await using var host = new DirectLineHarness();
        host.Handler.Respond = (m, _) => Task.FromResult<IReadOnlyList<Reply>>(
            [new Reply { Text = "Notice", NoticeId = "sandbox-tls", Buttons = [new ReplyButton("We're ready", ButtonAction.Acknowledge("sandbox-tls", "ready"))] }]);
        var (id, token) = await host.StartAsync();
        await host.PostMessageAsync(id, token, "notice sandbox-tls", "c1");
        var replyId = (await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1)))[1]!["id"]!.GetValue<string>();

        await host.PostMessageAsync(id, token, "ack sandbox-tls ready", "c2", replyToId: replyId);
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(2));

        Assert.Equal([null, "sandbox-tls"], host.Handler.Received.Select(m => m.ContextNoticeId));
    }

    [Fact]
    public async Task PostActivity_WhileTheBotIsStillThinking_ReturnsAndTheEchoIsAlreadyThere()
    {
        await using var host = new DirectLineHarness();
        var release = new TaskCompletionSource<IReadOnlyList<Reply>>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Handler.Respond = (_, _) => release.Task;
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "slow question");
        var before = await host.GetActivitiesAsync(id, token);
        release.SetResult([Reply.Plain("slow answer")]);
        var after = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        Assert.Equal(["slow question"], before["activities"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
        Assert.Equal("slow answer", after[1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostActivity_HandlerThrows_BotApologisesAndTheConversationGoesOn()
    {
        await using var host = new DirectLineHarness();
        host.Handler.Respond = (_, _) => throw new InvalidOperationException("boom");
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "anything");
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        Assert.Equal(TurnPipeline.FailureText, activities[1]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"text\":\"hi\"}", "'type'")]
    [InlineData("{\"type\":\"message\",\"from\":\"me\"}", "'from'")]
    [InlineData("{\"type\":\"message\",\"text\":42}", "'text'")]
    public async Task PostActivity_BadActivity_Returns400NamingTheProblemAndStoresNothing(string body, string named)
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await DirectLineHarness.ReadJsonAsync(response);
        Assert.Contains(named, error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await host.GetActivitiesAsync(id, token))["activities"]!.AsArray());
    }

    [Fact]
    public async Task PostActivity_Typing_IsAcknowledgedButNeverReturnedByPolling()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token, new { type = "typing", from = new { id = "u1" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await host.GetActivitiesAsync(id, token))["activities"]!.AsArray());
        Assert.Empty(host.Handler.Received);
    }

    [Fact]
    public async Task GetActivities_UnknownConversation_Returns404()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);

        using var response = await host.SendAsync(HttpMethod.Get, "/conversations/nope/activities", DirectLineHarness.Secret);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetActivities_WatermarkNotIssuedByTheServer_Returns400()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities?watermark=abc", token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
