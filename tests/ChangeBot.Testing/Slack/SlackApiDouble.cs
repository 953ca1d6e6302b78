using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Testing.Slack;

/// <summary>One request the double received.</summary>
public sealed record SlackCall(string Method, string? Authorization, string? ContentType, string Body, TimeSpan At)
{
    public JsonObject? Json => ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true ? JsonNode.Parse(Body)?.AsObject() : null;

    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(Body).ToDictionary(p => p.Key, p => p.Value.ToString());

    public string? Channel => Json?["channel"]?.GetValue<string>();
}

/// <summary>
/// A Slack Web API stand-in on 127.0.0.1 (Kestrel): answers the methods ChangeBot calls, records every
/// request with its arrival time, enforces chat.postMessage's one-per-second-per-channel limit with
/// 429 + Retry-After like Slack, and can be scripted to answer <c>ok:false</c> errors.
/// </summary>
public sealed class SlackApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<SlackCall> _calls = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scripted = new();
    private readonly ConcurrentDictionary<string, string> _channelErrors = new();
    private readonly ConcurrentDictionary<string, int> _answersToLose = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _lastPostPerChannel = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _history = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ts;

    private SlackApiDouble(WebApplication app) => _app = app;

    /// <summary>When set, two chat.postMessage calls to one channel closer than this get a 429.</summary>
    public TimeSpan? PerChannelInterval { get; set; }

    /// <summary>The team the double's oauth.v2.access installs into, and the token it hands out.</summary>
    public (string Team, string Name, string Token) OAuthInstall { get; set; } = ("T0INSTALL", "Installed Co", "xoxb-installed-token");

    /// <summary>When set, oauth.v2.access answers with an org-wide (Enterprise Grid) install into this org instead.</summary>
    public string? OAuthEnterpriseInstall { get; set; }

    public string ApiBaseUrl => BaseUrl + "api/";

    public string BaseUrl { get; private set; } = "";

    public string ResponseUrl(string id) => BaseUrl + "hooks/" + id;

    public static async Task<SlackApiDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var double_ = new SlackApiDouble(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (HttpContext context, string method) => double_.HandleAsync(context, method));
        app.Map("/socket", double_.AcceptSocketAsync);
        app.MapPost("/hooks/{id}", (HttpContext context, string id) => double_.HandleAsync(context, "response_url:" + id));
        await app.StartAsync();
        double_.BaseUrl = app.Urls.First().TrimEnd('/') + "/";
        return double_;
    }

    public IReadOnlyList<SlackCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The next call to <paramref name="method"/> gets this answer instead of the default.</summary>
    public void Script(string method, int status, string json, TimeSpan? retryAfter = null) =>
        _scripted.GetOrAdd(method, _ => new()).Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            if (retryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await Results.Text(json, "application/json").ExecuteAsync(context);
        });

    /// <summary>The next call to <paramref name="method"/> takes effect (a message is posted) but its answer is
    /// an HTTP 500, as when Slack's answer is lost on the way back.</summary>
    public void LoseNextAnswer(string method) => _answersToLose.AddOrUpdate(method, 1, (_, n) => n + 1);

    /// <summary>Every chat.postMessage / chat.update to <paramref name="channel"/> fails with <paramref name="error"/>.</summary>
    public void FailChannel(string channel, string error) => _channelErrors[channel] = error;

    /// <summary>Waits until <paramref name="count"/> recorded calls match.</summary>
    public async Task<IReadOnlyList<SlackCall>> WaitForAsync(Func<SlackCall, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var matching = _calls.Where(match).ToList();
                if (matching.Count >= count)
                {
                    return matching;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Slack double: expected {count} matching call(s); got: {string.Join(", ", Calls.Select(c => c.Method))}");
            }
        }
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var call = new SlackCall(method, context.Request.Headers.Authorization, context.Request.ContentType, await reader.ReadToEndAsync(), _clock.Elapsed);
        Record(call);
        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            await scripted(context);
            return;
        }

        if (method.StartsWith("response_url:", StringComparison.Ordinal))
        {
            await Results.Text("ok").ExecuteAsync(context);
            return;
        }

        var answer = Answer(call);
        if (_answersToLose.TryGetValue(method, out var lose) && lose > 0 && _answersToLose.TryUpdate(method, lose - 1, lose))
        {
            answer = (500, new JsonObject(), null);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        await Results.Text(answer.Json.ToJsonString(), "application/json").ExecuteAsync(context);
    }

    private (int Status, JsonObject Json, int? RetryAfter) Answer(SlackCall call)
    {
        if (call.Method != "oauth.v2.access" && call.Authorization?.StartsWith("Bearer xox", StringComparison.Ordinal) != true
            && call.Method != "apps.connections.open")
        {
            return (200, Error("not_authed"), null);
        }

        var channel = call.Channel;
        if (channel is not null && _channelErrors.TryGetValue(channel, out var error) && call.Method is "chat.postMessage" or "chat.update")
        {
            return (200, Error(error), null);
        }

        if (call.Method == "chat.postMessage" && channel is not null && PerChannelInterval is { } interval)
        {
            var previous = _lastPostPerChannel.GetValueOrDefault(channel, TimeSpan.MinValue);
            _lastPostPerChannel[channel] = call.At;
            if (previous != TimeSpan.MinValue && call.At - previous < interval)
            {
                return (429, Error("ratelimited"), 1);
            }
        }

        return call.Method switch
        {
            "chat.postMessage" => (200, new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = Remember(call) }, null),
            "chat.update" => (200, new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = NextTs() }, null),
            "conversations.history" => (200, History(channel), null),
            "chat.postEphemeral" => (200, new JsonObject { ["ok"] = true, ["message_ts"] = NextTs() }, null),
            "users.info" => (200, new JsonObject { ["ok"] = true, ["user"] = new JsonObject { ["id"] = call.Json?["user"]?.GetValue<string>(), ["tz"] = "Europe/Berlin" } }, null),
            "views.open" => (200, new JsonObject { ["ok"] = true }, null),
            "apps.connections.open" => (200, new JsonObject { ["ok"] = true, ["url"] = BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "socket" }, null),
            "oauth.v2.access" => (200, new JsonObject
            {
                ["ok"] = true,
                ["access_token"] = OAuthInstall.Token,
                ["token_type"] = "bot",
                ["bot_user_id"] = "U0INSTBOT",
                ["team"] = OAuthEnterpriseInstall is null ? new JsonObject { ["id"] = OAuthInstall.Team, ["name"] = OAuthInstall.Name } : null,
                ["enterprise"] = OAuthEnterpriseInstall is { } org ? new JsonObject { ["id"] = org, ["name"] = OAuthInstall.Name } : null,
                ["is_enterprise_install"] = OAuthEnterpriseInstall is not null,
            }, null),
            _ => (200, Error("unknown_method"), null),
        };
    }

    /// <summary>Keeps a posted message (with its metadata) for conversations.history, as Slack does: top-level
    /// messages and thread replies also shown in the channel (<c>reply_broadcast</c>), not quiet thread replies.</summary>
    private string Remember(SlackCall call)
    {
        var ts = NextTs();
        if (call.Json?["thread_ts"] is not null && call.Json?["reply_broadcast"]?.GetValue<bool>() != true)
        {
            return ts;
        }

        var message = new JsonObject { ["ts"] = ts };
        if (call.Json?["metadata"] is JsonObject metadata)
        {
            message["metadata"] = metadata.DeepClone();
        }

        _history.GetOrAdd(call.Channel!, _ => new()).Enqueue(message);
        return ts;
    }

    private JsonObject History(string? channel)
    {
        var messages = new JsonArray();
        foreach (var message in (channel is null ? null : _history.GetValueOrDefault(channel))?.Reverse() ?? [])
        {
            messages.Add(message.DeepClone());
        }

        return new JsonObject { ["ok"] = true, ["messages"] = messages };
    }

    private readonly TaskCompletionSource<SocketModeConnection> _socket = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The Socket Mode connection ChangeBot opens after apps.connections.open.</summary>
    public Task<SocketModeConnection> SocketAsync => _socket.Task.WaitAsync(TimeSpan.FromSeconds(15));

    private async Task AcceptSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new SocketModeConnection(socket);
        _socket.TrySetResult(connection);
        // Ends when the test closes it or ChangeBot goes away (so the double can stop promptly).
        await connection.Closed.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private string NextTs() => $"1712400000.{Interlocked.Increment(ref _ts):D6}";

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    private void Record(SlackCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
