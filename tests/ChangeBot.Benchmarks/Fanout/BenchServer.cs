using System.Globalization;
using System.Net.Http.Headers;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Hosting;
using ChangeBot.Slack.WebApi;
using ChangeBot.Storage.LiteDb;
using Microsoft.AspNetCore.Builder;

namespace ChangeBot.Benchmarks.Fanout;

/// <summary>
/// The real server for the delivery benchmarks: <see cref="ServerHost.Build"/> on Kestrel 127.0.0.1 with
/// its default embedded storage (LiteDB + Hangfire on SQLite) in a temp directory, Slack pointed at a
/// double on 127.0.0.1, and each workspace's bot token stored as an OAuth install would store it.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private const string ApiToken = "bench-api-token-0123456789abcdef";

    private readonly DirectoryInfo _data;

    private BenchServer(DirectoryInfo data, WebApplication app, HttpClient api)
    {
        _data = data;
        App = app;
        Api = api;
    }

    public WebApplication App { get; }

    /// <summary>The REST API, authenticated as support tooling.</summary>
    public HttpClient Api { get; }

    /// <summary>Seeds notices, subscriptions and workspace installs into a fresh data directory (before the
    /// server opens it: LiteDB allows one owner), then starts the server. <paramref name="extraArgs"/> are added to
    /// the server's command line (e.g. the console's sign-in provider).</summary>
    public static async Task<BenchServer> StartAsync(string slackApiBaseUrl, IEnumerable<string> noticeMarkdown,
        IEnumerable<Subscription> subscriptions, CancellationToken ct, IEnumerable<string>? extraArgs = null)
    {
        var data = Directory.CreateTempSubdirectory("changebot-bench-");
        using (var store = new LiteDbChangeBotStore(Path.Combine(data.FullName, LiteDbChangeBotStore.FileName)))
        {
            var importer = new NoticeImporter();
            var notices = noticeMarkdown.Select((md, i) => importer.Parse(md, $"bench-{i}.md")).ToList();
            if (notices.FirstOrDefault(n => n.Notice is null) is { } bad)
            {
                throw new InvalidOperationException("bench notice does not parse: " + string.Join("; ", bad.Errors));
            }

            await store.ImportNoticesAsync([.. notices.Select(n => n.Notice!)], ct);
            var teams = new HashSet<string>(StringComparer.Ordinal);
            foreach (var subscription in subscriptions)
            {
                await store.UpsertSubscriptionAsync(subscription, ct);
                if (teams.Add(subscription.Address.Workspace))
                {
                    // What the OAuth callback stores for an install into that workspace.
                    await store.SetSecretAsync(SlackTokenProvider.SecretKey(subscription.Address.Workspace),
                        LimitedSlackDouble.TokenOf(subscription.Address.Workspace), ct);
                }
            }
        }

        var app = ServerHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Logging:LogLevel:Default=Warning",
            // A 429 beyond the inline retries is logged per channel; the counts are what this reports.
            $"--Logging:LogLevel:ChangeBot.Slack={Environment.GetEnvironmentVariable("CHANGEBOT_BENCH_LOG") ?? "Error"}",
            "--Logging:LogLevel:ChangeBot.Core.Deliveries=Warning",
            // CHANGEBOT_BENCH_LOG=Information shows the server's own account of a run.
            $"--Logging:LogLevel:ChangeBot={Environment.GetEnvironmentVariable("CHANGEBOT_BENCH_LOG") ?? "Warning"}",
            $"--ChangeBot:DataDirectory={data.FullName}",
            "--ChangeBot:SeedNoticesDirectory=" + Path.Combine(data.FullName, "no-seeds"),
            $"--ChangeBot:ApiTokens:0={ApiToken}",
            "--Slack:SigningSecret=bench-signing-secret-0123456789ab",
            // A token the double refuses: a channel whose install is missing would show up as lost.
            "--Slack:BotToken=xoxb-no-install",
            $"--Slack:ApiBaseUrl={slackApiBaseUrl}",
            .. extraArgs ?? [],
        ]);
        await app.StartAsync(ct);
        var api = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return new BenchServer(data, app, api);
    }

    public async Task PublishAsync(string noticeId, CancellationToken ct)
    {
        using var response = await Api.PostAsync($"/api/v1/notices/{noticeId}/publish", null, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"publish {noticeId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open at exit is the temp directory's to clean.
        }
    }

    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Integer and number options of the form <c>--name value</c>.</summary>
internal static class BenchOptions
{
    public static double Number(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && double.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    public static int Integer(string[] args, string name, int fallback) => (int)Number(args, name, fallback);
}
