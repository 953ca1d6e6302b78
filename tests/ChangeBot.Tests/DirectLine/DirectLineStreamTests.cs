using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ChangeBot.Tests.DirectLine;

public sealed class DirectLineStreamTests
{
    [Fact]
    public async Task Stream_AfterAPost_PushesTheEchoAndTheReplyAsActivitySets()
    {
        await using var host = new DirectLineHarness();
        var (id, streamUrl, token) = await StartWithStreamAsync(host);
        using var socket = await host.App.Server.CreateWebSocketClient().ConnectAsync(new Uri(streamUrl), DirectLineHarness.Ct);

        await host.PostMessageAsync(id, token, "over the socket");
        var texts = new List<string>();
        string? watermark = null;
        while (texts.Count < 2)
        {
            var set = await ReceiveSetAsync(socket);
            texts.AddRange(set["activities"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
            watermark = set["watermark"]!.GetValue<string>();
        }

        Assert.Equal(["over the socket", "You said: over the socket"], texts);
        Assert.Equal("2", watermark);
    }

    [Fact]
    public async Task Stream_WithoutTheToken_IsRefused()
    {
        await using var host = new DirectLineHarness();
        var (_, streamUrl, _) = await StartWithStreamAsync(host);
        var withoutToken = new Uri(streamUrl[..streamUrl.IndexOf('?', StringComparison.Ordinal)]);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            host.App.Server.CreateWebSocketClient().ConnectAsync(withoutToken, DirectLineHarness.Ct));
    }

    [Fact]
    public async Task Stream_ASecondSocket_ClosesTheFirstWithCollision()
    {
        await using var host = new DirectLineHarness();
        var (_, streamUrl, _) = await StartWithStreamAsync(host);
        var client = host.App.Server.CreateWebSocketClient();
        using var first = await client.ConnectAsync(new Uri(streamUrl), DirectLineHarness.Ct);

        using var second = await client.ConnectAsync(new Uri(streamUrl), DirectLineHarness.Ct);
        var closed = await first.ReceiveAsync(new byte[256], DirectLineHarness.Ct);

        Assert.Equal(WebSocketMessageType.Close, closed.MessageType);
        Assert.Equal("collision", first.CloseStatusDescription);
        Assert.Equal(WebSocketState.Open, second.State);
    }

    private static async Task<(string Id, string StreamUrl, string Token)> StartWithStreamAsync(DirectLineHarness host)
    {
        using var response = await host.SendAsync(HttpMethod.Post, "/conversations", "undefined");
        var json = await DirectLineHarness.ReadJsonAsync(response);
        return (json["conversationId"]!.GetValue<string>(), json["streamUrl"]!.GetValue<string>(), json["token"]!.GetValue<string>());
    }

    private static async Task<JsonObject> ReceiveSetAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, DirectLineHarness.Ct).WaitAsync(TimeSpan.FromSeconds(15), DirectLineHarness.Ct);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return (JsonObject)JsonNode.Parse(text.ToString())!;
    }
}
