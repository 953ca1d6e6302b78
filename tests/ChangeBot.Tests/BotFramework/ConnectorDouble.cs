using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChangeBot.Tests.BotFramework;

/// <summary>
/// The Bot Framework Connector on 127.0.0.1: records every call (method, path, bearer token, body) and
/// answers 200 with a new activity id, or whatever a test queued with <see cref="Enqueue"/>.
/// Its base URL carries a path, like Teams' regional service URLs.
/// </summary>
internal sealed class ConnectorDouble : IAsyncDisposable
{
    private readonly Channel<RecordedCall> _calls = Channel.CreateUnbounded<RecordedCall>();
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<RecordedCall> _all = new();
    private LoopbackServer _server = null!;
    private int _ids;

    /// <summary>The service URL Teams would put in activities (with a path, as real ones have).</summary>
    public string ServiceUrl => new Uri(_server.BaseUrl, "amer/").AbsoluteUri;

    public IReadOnlyCollection<RecordedCall> Calls => _all;

    public static async Task<ConnectorDouble> StartAsync()
    {
        var double_ = new ConnectorDouble();
        double_._server = await LoopbackServer.StartAsync(app => app.Map("/amer/{**rest}", double_.AnswerAsync));
        return double_;
    }

    /// <summary>The next call gets this answer instead of 200.</summary>
    public void Enqueue(int status, string body = "", TimeSpan? retryAfter = null) => _script.Enqueue(new ScriptedAnswer(status, body, retryAfter));

    /// <summary>Waits for the next call; fails the test if none arrives in time.</summary>
    public async Task<RecordedCall> NextCallAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        return await _calls.Reader.ReadAsync(cts.Token);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AnswerAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync();
        var call = new RecordedCall(
            http.Request.Method,
            http.Request.Path.Value!["/amer".Length..],
            http.Request.Headers.Authorization.ToString(),
            text.Length == 0 ? null : JsonNode.Parse(text));
        _all.Enqueue(call);
        await _calls.Writer.WriteAsync(call);

        if (_script.TryDequeue(out var answer))
        {
            http.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await http.Response.WriteAsync(answer.Body);
            return;
        }

        await http.Response.WriteAsJsonAsync(new { id = $"activity-{Interlocked.Increment(ref _ids)}" });
    }

    private sealed record ScriptedAnswer(int Status, string Body, TimeSpan? RetryAfter);
}

/// <summary>One call the bot made to the Connector. <see cref="Path"/> is decoded and starts at <c>/v3/</c>.</summary>
internal sealed record RecordedCall(string Method, string Path, string Authorization, JsonNode? Body);
