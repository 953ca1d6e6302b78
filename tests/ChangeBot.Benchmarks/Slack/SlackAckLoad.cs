using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ChangeBot.Hosting;
using ChangeBot.Slack.Inbound;
using ChangeBot.Testing.Slack;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Benchmarks.Slack;

/// <summary>
/// Slack ack latency under load: the real server on loopback (Kestrel, the whole pipeline, signature
/// checks, the background queue) receives signed slash commands and events at a fixed rate (open loop,
/// so a slow server cannot slow the load down); the same loop against GET /healthz first is the
/// baseline. Usage: <c>slack-ack [--rate 200] [--duration 30]</c>.
/// </summary>
internal static class SlackAckLoad
{
    private const string Secret = "bench-signing-secret-0123456789ab";

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = Option(args, "--rate", 200);
        var duration = TimeSpan.FromSeconds(Option(args, "--duration", 30));
        var data = Directory.CreateTempSubdirectory("changebot-bench-");
        await using var slack = await SlackApiDouble.StartAsync();
        await using var app = ServerHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Logging:LogLevel:Default=Warning",
            // Without the conversation handler (another area) the queued work fails after the ack; that
            // does not change what is measured here, so its log lines are kept out of the way.
            "--Logging:LogLevel:ChangeBot.Slack=Critical",
            $"--ChangeBot:DataDirectory={data.FullName}",
            $"--Slack:SigningSecret={Secret}",
            "--Slack:BotToken=xoxb-bench",
            $"--Slack:ApiBaseUrl={slack.ApiBaseUrl}",
        ]);
        await app.StartAsync();
        var server = new Uri(app.Urls.First());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = server };

        Console.WriteLine($"Slack ack load: {rate} requests/s for {duration.TotalSeconds:0} s per run against {server} ({Environment.ProcessorCount} cores)");
        // Warm-up (JIT, connection pool) for both paths, then the measured runs.
        await RunLoopAsync(http, rate, TimeSpan.FromSeconds(2), _ => new HttpRequestMessage(HttpMethod.Get, "/healthz"));
        await RunLoopAsync(http, rate, TimeSpan.FromSeconds(2), i => i % 2 == 0 ? Command(-1 - i, slack) : Event(-1 - i));
        var baseline = await RunLoopAsync(http, rate, duration, _ => new HttpRequestMessage(HttpMethod.Get, "/healthz"));
        var slackRun = await RunLoopAsync(http, rate, duration, i => i % 2 == 0 ? Command(i, slack) : Event(i));
        var drain = Stopwatch.StartNew();
        await app.Services.GetRequiredService<TurnQueue>().WhenIdleAsync();
        drain.Stop();

        Console.WriteLine();
        Console.WriteLine("| run | requests | non-200 | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(baseline.Row("GET /healthz (baseline)"));
        Console.WriteLine(slackRun.Row("signed /slack/commands + /slack/events"));
        Console.WriteLine();
        Console.WriteLine($"p99 ratio Slack / baseline: {slackRun.P99 / Math.Max(0.001, baseline.P99):0.00}; goal p99 < 50 ms: {(slackRun.P99 < 50 ? "met" : "NOT met")}");
        Console.WriteLine($"background work drained {drain.Elapsed.TotalMilliseconds:0} ms after the last ack");
        await app.StopAsync();
        data.Delete(recursive: true);
        return slackRun.Failures == 0 && slackRun.P99 < 50 ? 0 : 1;
    }

    private static async Task<LoadResult> RunLoopAsync(HttpClient http, int rate, TimeSpan duration, Func<int, HttpRequestMessage> request)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var failures = 0;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                using var message = request(index);
                var start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message);
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        await Task.WhenAll(tasks);
        return new LoadResult(latencies, failures);
    }

    private static HttpRequestMessage Command(int i, SlackApiDouble slack) => Signed("/slack/commands", "application/x-www-form-urlencoded",
        $"token=x&team_id=T0BENCH&channel_id=C0BENCH{i % 50}&channel_name=bench&user_id=U0BENCH{i % 500}&command=%2Fchangebot"
        + $"&text=notices&response_url={Uri.EscapeDataString(slack.ResponseUrl("bench"))}&trigger_id=1.2.{i}");

    private static HttpRequestMessage Event(int i) => Signed("/slack/events", "application/json",
        "{\"type\":\"event_callback\",\"team_id\":\"T0BENCH\",\"api_app_id\":\"A0BENCH\",\"event_id\":\"Ev0BENCH" + i.ToString(CultureInfo.InvariantCulture)
        + "\",\"event_time\":1712345678,\"authorizations\":[{\"team_id\":\"T0BENCH\",\"user_id\":\"U0BOT\",\"is_bot\":true}],"
        + "\"event\":{\"type\":\"app_mention\",\"user\":\"U0BENCH" + (i % 500).ToString(CultureInfo.InvariantCulture)
        + "\",\"text\":\"<@U0BOT> does the Salesforce connector need changes?\",\"ts\":\"1712345678.000100\",\"channel\":\"C0BENCH\"}}");

    private static HttpRequestMessage Signed(string path, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        message.Headers.Add("X-Slack-Request-Timestamp", ts);
        message.Headers.Add("X-Slack-Signature", SlackSignature.Sign(Encoding.UTF8.GetBytes(Secret), ts, bytes));
        return message;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}

internal sealed record LoadResult(double[] Latencies, int Failures)
{
    private readonly double[] _sorted = [.. Latencies.Order()];

    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    public string Row(string name) =>
        FormattableString.Invariant($"| {name} | {_sorted.Length} | {Failures} | {P50:0.00} | {P99:0.00} | {_sorted[^1]:0.00} |");

    private double Percentile(double p) => _sorted.Length == 0 ? 0 : _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(p * _sorted.Length) - 1)];
}
