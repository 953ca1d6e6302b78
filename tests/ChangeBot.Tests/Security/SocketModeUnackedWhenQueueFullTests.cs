using System.Text.Json.Nodes;
using ChangeBot.Tests.Slack;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChangeBot.Tests.Security;

/// <summary>
/// Issue 14 item 14: an envelope whose work the queue refuses must stay unacked, so Slack redelivers it;
/// acking it would drop the event for good.
/// </summary>
public sealed class SocketModeUnackedWhenQueueFullTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SocketMode_QueueFull_EnvelopeIsNotAckedAndItsRedeliveryIsHandled()
    {
        var queue = new TurnQueue(capacity: 1);
        await using var t = await SlackTestApp.StartAsync(
            s =>
            {
                s.Remove("Slack:SigningSecret");
                s["Slack:AppToken"] = "xapp-1-A0CCCCCCC-socket-token";
            },
            services: r => r.Replace(ServiceDescriptor.Singleton(queue)));
        _ = t.Client;
        var socket = await t.Slack.SocketAsync;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.NotNull(queue.TryEnqueue(new TurnWork("occupies the only slot", (_, _) => release.Task)));
        var payload = JsonNode.Parse(SlackTestApp.Payload("app_mention.json"))!;

        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-refused", ["type"] = "events_api", ["payload"] = payload.DeepClone(), ["retry_attempt"] = 0 });
        // A frame Slack treats as a no-op but which is answered only after the envelope above was decided.
        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-marker", ["type"] = "events_api", ["payload"] = new JsonObject { ["type"] = "app_rate_limited", ["team_id"] = "T0AAAAAAA" } });
        var first = await socket.ReceiveAsync();
        release.SetResult();
        await queue.WhenIdleAsync(Ct);
        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-redelivered", ["type"] = "events_api", ["payload"] = payload.DeepClone(), ["retry_attempt"] = 1, ["retry_reason"] = "timeout" });
        var second = await socket.ReceiveAsync();
        var message = await t.Handler.NextAsync();
        await queue.WhenIdleAsync(Ct);
        socket.Close();

        Assert.Equal("env-marker", first["envelope_id"]!.GetValue<string>());
        Assert.Equal("env-redelivered", second["envelope_id"]!.GetValue<string>());
        Assert.Equal("does the Salesforce connector need changes?", message.Text);
        Assert.Equal(1, t.Handler.Count);
    }
}
