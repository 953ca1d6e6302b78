using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Slack.Inbound;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>Socket Mode against the double's WebSocket: no public URL, no signing secret.</summary>
public sealed class SlackSocketModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<SlackTestApp> StartSocketModeAsync() => SlackTestApp.StartAsync(s =>
    {
        s.Remove("Slack:SigningSecret");
        s.Remove("Slack:ClientId");
        s.Remove("Slack:ClientSecret");
        s["Slack:AppToken"] = "xapp-1-A0CCCCCCC-socket-token";
    });

    [Fact]
    public async Task SocketMode_Event_IsAckedByEnvelopeIdAndHandledOnceDespiteRetry()
    {
        await using var t = await StartSocketModeAsync();
        _ = t.Client; // starts the host, whose hosted service connects
        var socket = await t.Slack.SocketAsync;
        var open = t.Slack.Calls.Single(c => c.Method == "apps.connections.open");
        Assert.Equal("Bearer xapp-1-A0CCCCCCC-socket-token", open.Authorization);
        await socket.SendAsync(new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });
        var payload = JsonNode.Parse(SlackTestApp.Payload("app_mention.json"))!;

        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-1", ["type"] = "events_api", ["payload"] = payload.DeepClone(), ["accepts_response_payload"] = false, ["retry_attempt"] = 0 });
        var ack = await socket.ReceiveAsync();
        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-2", ["type"] = "events_api", ["payload"] = payload.DeepClone(), ["accepts_response_payload"] = false, ["retry_attempt"] = 1, ["retry_reason"] = "timeout" });
        var retryAck = await socket.ReceiveAsync();
        var message = await t.Handler.NextAsync();
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        socket.Close();

        Assert.Equal("env-1", ack["envelope_id"]!.GetValue<string>());
        Assert.Equal("env-2", retryAck["envelope_id"]!.GetValue<string>());
        Assert.Equal("does the Salesforce connector need changes?", message.Text);
        Assert.Equal(1, t.Handler.Count);
    }

    [Fact]
    public async Task SocketMode_SlashCommand_AckCarriesResponsePayload()
    {
        await using var t = await StartSocketModeAsync();
        _ = t.Client;
        var socket = await t.Slack.SocketAsync;
        var command = new JsonObject
        {
            ["command"] = "/changebot", ["text"] = "check api.example.com", ["team_id"] = "T0AAAAAAA", ["channel_id"] = "C0CHANNEL",
            ["user_id"] = "U0USERAAA", ["response_url"] = t.Slack.ResponseUrl("sock1"),
        };

        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-3", ["type"] = "slash_commands", ["payload"] = command, ["accepts_response_payload"] = true });
        var ack = await socket.ReceiveAsync();
        var message = await t.Handler.NextAsync();
        socket.Close();

        Assert.Equal("env-3", ack["envelope_id"]!.GetValue<string>());
        Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
        Assert.Equal("check api.example.com", message.Text);
        await t.Slack.WaitForAsync(c => c.Method == "response_url:sock1");
    }

    [Fact]
    public async Task SocketModeOnly_HttpEndpointsAreNotServed()
    {
        await using var t = await StartSocketModeAsync();

        var response = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));
        (await t.Slack.SocketAsync).Close();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
