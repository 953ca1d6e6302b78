using System.Net.Http.Headers;
using System.Text.Json;
using ChangeBot.Testing.Hosting;
using ChangeBot.Testing;

namespace ChangeBot.Tests.Hosting;

/// <summary>
/// What a real install (the executable in Production, as in the Docker image) starts with: no sample notice
/// unless asked for, and a log that is not six ASP.NET Core lines per request.
/// </summary>
public sealed class InstallDefaultsTests
{
    private const string Token = "install-defaults-token-0123456789";

    [Fact]
    public async Task Production_LoadsNoSampleNotice_AndLogsNoPerRequestInformation()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, ServerProcess.FreePort(), new Dictionary<string, string> { ["ChangeBot__ApiTokens"] = Token }, ct);

        var notices = await ListNoticeIdsAsync(server, ct);
        await server.StopAsync();

        Assert.Empty(notices);
        Assert.DoesNotContain("Request starting", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request finished", server.Output, StringComparison.Ordinal);
        // Hangfire's start-up narration (options, dispatchers, server announced) is not news to an operator.
        Assert.DoesNotContain("info: Hangfire", server.Output, StringComparison.Ordinal);
        // The host's own lines (and ours) stay at the configured Information.
        Assert.Contains("Now listening on", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithSampleNoticesTrue_LoadsTheSample()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, ServerProcess.FreePort(), new Dictionary<string, string>
        {
            ["ChangeBot__ApiTokens"] = Token,
            ["ChangeBot__SampleNotices"] = "true",
        }, ct);

        Assert.Equal(["api-sandbox-tls-certificate"], await ListNoticeIdsAsync(server, ct));
    }

    private static async Task<List<string>> ListNoticeIdsAsync(ServerProcess server, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/notices", ct));
        var list = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("notices");
        return [.. list.EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];
    }
}
