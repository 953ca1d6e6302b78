using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Benchmarks.Fanout;

/// <summary>Slack's chat.postMessage limits as the double enforces them (docs/platforms.md#slack-rate-limits).</summary>
/// <param name="WorkspacePostsPerSecond">The workspace-wide cap. Slack does not publish it: this is the
/// benchmark's documented assumption, set by <c>--workspace-rate</c>.</param>
/// <param name="WorkspaceBurst">Posts a workspace may send at once before the cap applies.</param>
/// <param name="ChannelBurst">Posts a channel may send at once before one per second applies
/// ("short bursts tolerated").</param>
internal sealed record SlackLimits(double WorkspacePostsPerSecond, int WorkspaceBurst = 2, int ChannelBurst = 2);

/// <summary>
/// A Slack Web API on 127.0.0.1 that enforces chat.postMessage's limits per channel (1/s) and per
/// workspace (the token names the workspace): over the limit it answers 429 with an integer Retry-After
/// and <c>{"ok":false,"error":"ratelimited"}</c>, as Slack does. It records which posts it accepted.
/// </summary>
internal sealed class LimitedSlackDouble : IAsyncDisposable
{
    public const string TokenPrefix = "xoxb-bench-";

    private readonly WebApplication _app;
    private readonly SlackLimits _limits;
    private readonly ConcurrentDictionary<string, TokenBucket> _workspaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AcceptedPost> _accepted = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Ts, string? DeliveryKey)>> _history = new(StringComparer.Ordinal);
    private long _rateLimited;
    private long _ts;

    private LimitedSlackDouble(WebApplication app, SlackLimits limits)
    {
        _app = app;
        _limits = limits;
    }

    public string ApiBaseUrl { get; private set; } = "";

    /// <summary>429 answers sent so far.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public IReadOnlyCollection<AcceptedPost> Accepted => _accepted;

    public static string TokenOf(string team) => TokenPrefix + team;

    public static async Task<LimitedSlackDouble> StartAsync(SlackLimits limits)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var slack = new LimitedSlackDouble(app, limits);
        app.MapPost("/api/{method}", (HttpContext context, string method) => slack.HandleAsync(context, method));
        await app.StartAsync();
        slack.ApiBaseUrl = app.Urls.First().TrimEnd('/') + "/api/";
        return slack;
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        var auth = context.Request.Headers.Authorization.ToString();
        var team = auth.StartsWith("Bearer " + TokenPrefix, StringComparison.Ordinal) ? auth[("Bearer " + TokenPrefix).Length..] : null;
        var channel = body["channel"]?.GetValue<string>();
        JsonObject answer;
        if (team is null)
        {
            answer = Error("invalid_auth");
        }
        else if (method == "chat.postMessage" && channel is not null)
        {
            var now = Stopwatch.GetTimestamp();
            // Both limits must have room; the channel's is checked first so a refused post spends nothing.
            var channelBucket = _channels.GetOrAdd(team + "|" + channel, _ => new TokenBucket(1, _limits.ChannelBurst));
            var workspaceBucket = _workspaces.GetOrAdd(team, _ => new TokenBucket(_limits.WorkspacePostsPerSecond, _limits.WorkspaceBurst));
            var wait = channelBucket.TryTake(now, out var channelWait) ? TimeSpan.Zero : channelWait;
            if (wait == TimeSpan.Zero && !workspaceBucket.TryTake(now, out var workspaceWait))
            {
                channelBucket.Refund();
                wait = workspaceWait;
            }

            if (wait > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _rateLimited);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                // Slack sends whole seconds.
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Text(Error("ratelimited").ToJsonString(), "application/json").ExecuteAsync(context);
                return;
            }

            var ts = NextTs();
            var threadTs = body["thread_ts"]?.GetValue<string>();
            var deliveryKey = body["metadata"]?["event_payload"]?["delivery_key"]?.GetValue<string>();
            _accepted.Enqueue(new AcceptedPost(team, channel, threadTs, DateTimeOffset.UtcNow, Stopwatch.GetTimestamp()));
            if (threadTs is null)
            {
                _history.GetOrAdd(channel, _ => new()).Enqueue((ts, deliveryKey));
            }

            answer = new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts };
        }
        else
        {
            answer = method switch
            {
                "conversations.history" => History(channel),
                "chat.update" => new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = NextTs() },
                "auth.test" => new JsonObject { ["ok"] = true, ["team_id"] = team, ["user_id"] = "U0BENCHBOT" },
                _ => new JsonObject { ["ok"] = true },
            };
        }

        await Results.Text(answer.ToJsonString(), "application/json").ExecuteAsync(context);
    }

    /// <summary>Top-level messages with their delivery metadata, newest first, as Slack returns them.</summary>
    private JsonObject History(string? channel)
    {
        var messages = new JsonArray();
        foreach (var (ts, key) in (channel is null ? null : _history.GetValueOrDefault(channel))?.Reverse() ?? [])
        {
            var message = new JsonObject { ["ts"] = ts };
            if (key is not null)
            {
                message["metadata"] = new JsonObject
                {
                    ["event_type"] = "changebot_delivery",
                    ["event_payload"] = new JsonObject { ["delivery_key"] = key },
                };
            }

            messages.Add(message);
        }

        return new JsonObject { ["ok"] = true, ["messages"] = messages };
    }

    private string NextTs() => $"1712400000.{Interlocked.Increment(ref _ts):D6}";

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A token bucket on the Stopwatch clock: <c>burst</c> tokens, refilled at <c>perSecond</c>.</summary>
    private sealed class TokenBucket(double perSecond, int burst)
    {
        private readonly Lock _gate = new();
        private double _tokens = burst;
        private long _at = Stopwatch.GetTimestamp();

        public bool TryTake(long now, out TimeSpan wait)
        {
            lock (_gate)
            {
                _tokens = Math.Min(burst, _tokens + (now - _at) / (double)Stopwatch.Frequency * perSecond);
                _at = Math.Max(_at, now);
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    wait = TimeSpan.Zero;
                    return true;
                }

                wait = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
                return false;
            }
        }

        public void Refund()
        {
            lock (_gate)
            {
                _tokens = Math.Min(burst, _tokens + 1);
            }
        }
    }
}

/// <summary>A chat.postMessage the double accepted: where, whether threaded, and when it arrived.</summary>
internal sealed record AcceptedPost(string Team, string Channel, string? ThreadTs, DateTimeOffset At, long Timestamp);
