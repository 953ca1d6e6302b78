using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ChangeBot.Testing.Slack;

/// <summary>Slack's side of a Socket Mode WebSocket, driven by a test.</summary>
public sealed class SocketModeConnection(WebSocket socket)
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Closed => _closed.Task;

    public Task SendAsync(JsonObject frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>The next frame ChangeBot sends (an ack).</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count))!.AsObject();
    }

    public void Close() => _closed.TrySetResult();
}
