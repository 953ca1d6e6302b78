using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ChangeBot.Tests.Hosting;

namespace ChangeBot.Tests.Security;

/// <summary>Traces carry the request's <c>url.query</c>; OpenTelemetry's ASP.NET Core instrumentation must keep
/// redacting its values, or the web chat stream token would be exported with every trace.</summary>
public sealed class TraceQueryRedactionTests
{
    [Fact]
    public async Task StreamRequestSpan_CarriesTheQueryNamesButNotTheToken()
    {
        const string secret = "trace-test-directline-secret-5e8a1c";
        var ct = TestContext.Current.CancellationToken;
        var spans = new ConcurrentQueue<Activity>();
        string? streamPath = null;
        // The stream's span stops when the server has seen the socket go, which may be after the test server is
        // disposed: the test waits for it instead.
        var streamSpan = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                spans.Enqueue(span);
                if (Volatile.Read(ref streamPath) is { } path && span.GetTagItem("url.path") as string == path)
                {
                    streamSpan.TrySetResult(span);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = new ChangeBotApp(new Dictionary<string, string?> { ["DirectLine:Secret"] = secret });
        using var client = app.CreateClient();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var started = await client.SendAsync(start, ct);
        var conversation = JsonDocument.Parse(await started.Content.ReadAsStringAsync(ct)).RootElement;
        var streamUrl = new Uri(conversation.GetProperty("streamUrl").GetString()!);
        var streamToken = Uri.UnescapeDataString(streamUrl.Query["?t=".Length..]);
        Volatile.Write(ref streamPath, streamUrl.AbsolutePath);

        using (var socket = await app.Server.CreateWebSocketClient().ConnectAsync(streamUrl, ct))
        {
            socket.Abort();
        }

        var span = await streamSpan.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await app.DisposeAsync();
        Assert.Single(spans, s => s.GetTagItem("url.path") as string == streamUrl.AbsolutePath);
        var query = Assert.IsType<string>(span.GetTagItem("url.query"));
        Assert.Contains("t=Redacted", query, StringComparison.Ordinal);
        Assert.DoesNotContain(spans, s => s.TagObjects.Any(t => t.Value?.ToString()?.Contains(streamToken, StringComparison.Ordinal) == true));
    }
}
