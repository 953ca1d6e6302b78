using System.Collections.Concurrent;
using System.Text;
using ChangeBot.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Hosting;

/// <summary>With the standard OTEL_* settings, metrics and traces leave the process by OTLP/HTTP.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointConfigured_MetricsAndTracesArePostedToTheCollector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpCollectorDouble.StartAsync();
        await using var app = new ChangeBotApp(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Export every 100 ms instead of the default minute (metrics) and five seconds (traces).
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using var client = app.CreateClient();

        (await client.GetAsync("/healthz", ct)).EnsureSuccessStatusCode();
        // A measurement on the bot's own meter: exported only if the host registered that meter.
        var platform = "otlp-" + Guid.NewGuid().ToString("N")[..8];
        ChangeBotTelemetry.Questions.Add(1, new KeyValuePair<string, object?>("outcome", "answered"), new KeyValuePair<string, object?>("platform", platform));

        await collector.WaitForAsync("/v1/metrics", "http.server.request.duration");
        await collector.WaitForAsync("/v1/metrics", platform);
        var trace = await collector.WaitForAsync("/v1/traces", "/healthz");
        Assert.Contains("changebot", trace, StringComparison.Ordinal); // service.name
    }

    /// <summary>An OTLP/HTTP receiver on 127.0.0.1 that keeps each request body (protobuf; its strings are
    /// plain UTF-8 inside, which is all these tests look for).</summary>
    private sealed class OtlpCollectorDouble : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private OtlpCollectorDouble(WebApplication app) => _app = app;

        public string BaseUrl => _app.Urls.First();

        public static async Task<OtlpCollectorDouble> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new OtlpCollectorDouble(app);
            app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((http.Request.Path.Value!, Encoding.UTF8.GetString(body.ToArray())));
                Interlocked.Exchange(ref collector._changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        /// <summary>The first body posted to <paramref name="path"/> containing <paramref name="text"/>.</summary>
        public async Task<string> WaitForAsync(string path, string text)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (true)
            {
                var changed = _changed.Task;
                if (_received.FirstOrDefault(r => r.Path == path && r.Body.Contains(text, StringComparison.Ordinal)) is { Body: { } body })
                {
                    return body;
                }

                try
                {
                    await changed.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"No OTLP export to {path} containing '{text}'; received: {string.Join(", ", _received.Select(r => r.Path))}");
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
