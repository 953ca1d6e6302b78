using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Benchmarks.Slack;

/// <summary>A minimal Slack Web API on 127.0.0.1 for the load run: every method and response_url
/// answers ok, so the work after the ack runs its real course without leaving the machine.</summary>
internal sealed class SlackDouble(WebApplication app, string baseUrl) : IAsyncDisposable
{
    public string ApiBaseUrl => baseUrl + "api/";

    public string ResponseUrl => baseUrl + "hooks/bench";

    public static async Task<SlackDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/{method}", () => Results.Text("{\"ok\":true,\"ts\":\"1712400000.000001\",\"user\":{\"id\":\"U0\",\"tz\":\"UTC\"}}", "application/json"));
        app.MapPost("/hooks/{id}", () => Results.Text("ok"));
        await app.StartAsync();
        return new SlackDouble(app, app.Urls.First().TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
