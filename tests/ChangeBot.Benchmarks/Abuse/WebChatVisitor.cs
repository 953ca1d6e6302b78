using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace ChangeBot.Benchmarks.Abuse;

/// <summary>
/// One web chat visitor as the page is one: its own client address (a 127.0.0.0/8 address the socket binds to,
/// so the server's per-address limits see distinct visitors on one machine), an anonymous conversation, and its
/// WebSocket stream, on which the bot's answer to a question is awaited.
/// </summary>
internal sealed class WebChatVisitor : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _answers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private string _conversationId = "";
    private string _token = "";
    private Task _reading = Task.CompletedTask;

    private WebChatVisitor(HttpClient http) => _http = http;

    /// <summary>An HttpClient whose connections leave from <paramref name="local"/>.</summary>
    public static HttpClient ClientFrom(IPAddress local, Uri server) =>
        new(Handler(local)) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<WebChatVisitor> StartAsync(IPAddress local, Uri server, CancellationToken ct)
    {
        var visitor = new WebChatVisitor(ClientFrom(local, server));
        var (id, token, streamUrl) = await StartConversationAsync(visitor._http, ct);
        visitor._conversationId = id;
        visitor._token = token;
        using var invoker = new HttpMessageInvoker(Handler(local));
        await visitor._socket.ConnectAsync(new Uri(streamUrl), invoker, ct);
        visitor._reading = visitor.ReadAsync();
        return visitor;
    }

    /// <summary>POST /v3/directline/conversations as directlinejs does without credentials.</summary>
    public static async Task<(string Id, string Token, string StreamUrl)> StartConversationAsync(HttpClient http, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = JsonContent.Create(new { user = new { } }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "undefined");
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        return (json["conversationId"]!.GetValue<string>(), json["token"]!.GetValue<string>(), json["streamUrl"]!.GetValue<string>());
    }

    /// <summary>Asks <paramref name="question"/> and returns the time until the bot's answer arrived on the stream,
    /// or null when the post was refused or no answer came within the timeout.</summary>
    public async Task<TimeSpan?> AskAsync(string question, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_conversationId}/activities")
        {
            Content = JsonContent.Create(new { type = "message", from = new { id = "visitor" }, text = question }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var echoId = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["id"]!.GetValue<string>();
        var answered = _answers.GetOrAdd(echoId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _answers.TryRemove(echoId, out _);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }

        _socket.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }

    /// <summary>Each frame is an ActivitySet; a bot activity answering one of our messages completes its wait
    /// (registered here first when the answer outruns the POST's response).</summary>
    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            frame.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var set = JsonNode.Parse(frame.GetBuffer().AsSpan(0, (int)frame.Length));
            frame.SetLength(0);
            foreach (var activity in set?["activities"]?.AsArray() ?? [])
            {
                if (activity?["from"]?["role"]?.GetValue<string>() == "bot" && activity["replyToId"]?.GetValue<string>() is { } replyTo)
                {
                    _answers.GetOrAdd(replyTo, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
    }

    private static SocketsHttpHandler Handler(IPAddress local) => new()
    {
        MaxConnectionsPerServer = 64,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
