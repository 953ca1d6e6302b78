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
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
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

        using (var socket = await app.Server.CreateWebSocketClient().ConnectAsync(streamUrl, ct))
        {
            socket.Abort();
        }

        await app.DisposeAsync(); // every request's span has stopped
        var span = Assert.Single(spans, s => s.GetTagItem("url.path") as string == streamUrl.AbsolutePath);
        var query = Assert.IsType<string>(span.GetTagItem("url.query"));
        Assert.Contains("t=Redacted", query, StringComparison.Ordinal);
        Assert.DoesNotContain(spans, s => s.TagObjects.Any(t => t.Value?.ToString()?.Contains(streamToken, StringComparison.Ordinal) == true));
    }
}
