using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Benchmarks.ScaleOut;

/// <summary>
/// A Slack Web API on 127.0.0.1 with no rate limits: every call answers ok at once, chat.postMessage with a
/// fresh <c>ts</c>. It counts posts per bot token (each instance has its own, so it tells who sent what) and
/// lets the harness await a total.
/// </summary>
internal sealed class CountingSlackDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _postsByToken = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _posts;
    private long _ts;
    private (int Count, TaskCompletionSource Reached)? _waiter;

    private CountingSlackDouble(WebApplication app) => _app = app;

    public string ApiBaseUrl { get; private set; } = "";

    public int Posts => Volatile.Read(ref _posts);

    public IReadOnlyDictionary<string, int> PostsByToken => new Dictionary<string, int>(_postsByToken, StringComparer.Ordinal);

    public static async Task<CountingSlackDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var slack = new CountingSlackDouble(app);
        app.MapPost("/api/{method}", (HttpContext context, string method) => slack.AnswerAsync(context, method));
        await app.StartAsync();
        slack.ApiBaseUrl = app.Urls.First().TrimEnd('/') + "/api/";
        return slack;
    }

    /// <summary>Completes when <paramref name="count"/> posts have arrived in all (counting from zero).</summary>
    public Task WhenPostsAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_posts >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (count, reached);
            return reached.Task.WaitAsync(timeout);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _posts = 0;
            _postsByToken.Clear();
            _waiter = null;
        }
    }

    private async Task AnswerAsync(HttpContext context, string method)
    {
        if (method != "chat.postMessage")
        {
            await Results.Text("""{"ok":true}""", "application/json").ExecuteAsync(context);
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var channel = body.RootElement.TryGetProperty("channel", out var c) ? c.GetString() : null;
        var ts = "1712400000." + Interlocked.Increment(ref _ts).ToString("D6", CultureInfo.InvariantCulture);
        _postsByToken.AddOrUpdate(context.Request.Headers.Authorization.ToString(), 1, (_, n) => n + 1);
        lock (_gate)
        {
            _posts++;
            if (_waiter is { } waiter && _posts >= waiter.Count)
            {
                waiter.Reached.TrySetResult();
                _waiter = null;
            }
        }

        await Results.Text($$"""{"ok":true,"channel":"{{channel}}","ts":"{{ts}}"}""", "application/json").ExecuteAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
