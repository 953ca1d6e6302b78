using System.Diagnostics;
using System.Globalization;
using System.Net;
using ChangeBot.Benchmarks.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Hosting;
using ChangeBot.Testing.SupportConsole;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Benchmarks.Fanout;

/// <summary>
/// What the console's progress stream costs a broadcast (issue 18: under 2% of its throughput). One server, one
/// run: broadcasts of the same size alternate without and with N console clients, each signed in through the
/// loopback OpenID Connect provider (the real sign-in, its own cookie), watching the broadcast's
/// <c>/console/notices/{id}/progress?handler=stream</c> from the moment the publish is answered (where the console
/// sends the browser) until the stream says done. Slack is the fan-out double with limits far above what the
/// engine reaches and the channels spread over many workspaces, so the engine (and the machine) sets the pace,
/// not a rate limit: that is where a watcher's cost can show. Usage:
/// <c>fanout --console-watchers 5 [--subscriptions 2000] [--workspaces 200] [--rounds 3]</c>.
/// </summary>
internal static class WatchedFanoutBenchmark
{
    private const string SupportUser = "U0SUPPORT";
    private const double Goal = 0.98;

    public static async Task<int> RunAsync(string[] args)
    {
        var watchers = BenchOptions.Integer(args, "--console-watchers", 5);
        var subscriptions = BenchOptions.Integer(args, "--subscriptions", 2_000);
        var workspaces = Math.Min(subscriptions, BenchOptions.Integer(args, "--workspaces", 200));
        var rounds = BenchOptions.Integer(args, "--rounds", 3);
        var limits = new SlackLimits(1_000_000, 1_000_000, ChannelBurst: 1_000);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = cts.Token;
        Console.WriteLine(FormattableString.Invariant(
            $"Watched fan-out: {subscriptions} subscriptions over {workspaces} workspaces, Slack double without effective limits; {rounds} rounds of (no console, {watchers} console watchers) after one warm-up; {Environment.ProcessorCount} cores, load {FanoutBenchmark.LoadAverage()}"));

        var ids = Enumerable.Range(0, 2 * rounds + 1).Select(i => $"watched-{i}").ToList();
        var channels = Enumerable.Range(0, subscriptions)
            .Select(i => new ConversationAddress(Platforms.Slack, $"T{i % workspaces:D4}", $"C{i:D6}")).ToList();
        await using var provider = await LoopbackOidcProvider.StartAsync();
        await using var slack = await LimitedSlackDouble.StartAsync(limits);
        await using var server = await BenchServer.StartAsync(slack.ApiBaseUrl, ids.Select(Notice),
            channels.Select(c => new Subscription(c, [], "slack:U0BENCH", DateTimeOffset.UnixEpoch)), ct,
            [
                // Razor Pages are found in the application's assembly, not this one.
                "--applicationName", typeof(ServerHost).Assembly.GetName().Name!,
                "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
                $"--ChangeBot:SupportUsers=slack:{SupportUser}",
                $"--Console:Providers:Slack:Authority={provider.Authority}",
                $"--Console:Providers:Slack:ClientId={LoopbackOidcProvider.ClientId}",
                $"--Console:Providers:Slack:ClientSecret={LoopbackOidcProvider.ClientSecret}",
            ]);
        var store = server.App.Services.GetRequiredService<IChangeBotStore>();
        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < watchers; i++)
            {
                clients.Add(await SignedInAsync(server.App.Urls.First(), provider));
            }

            // Warm-up (JIT, connection pools, both paths), not counted.
            await BroadcastAsync(server, slack, store, ids[0], subscriptions, clients, ct);
            var runs = new List<Run>();
            for (var i = 1; i < ids.Count; i++)
            {
                // A, B, A, B ...: slow drift of the machine's load falls on both sides.
                var watched = i % 2 == 0;
                var run = await BroadcastAsync(server, slack, store, ids[i], subscriptions, watched ? clients : [], ct);
                runs.Add(run);
                Console.WriteLine(FormattableString.Invariant(
                    $"  run {i}: {run.Watchers} watchers, {run.PerSecond:0} messages/s, CPU {run.CpuMsPerMessage:0.000} ms/message, {run.ProgressEvents} progress events, load {FanoutBenchmark.LoadAverage()}"));
            }

            var plain = runs.Where(r => r.Watchers == 0).ToList();
            var watchedRuns = runs.Where(r => r.Watchers > 0).ToList();
            var throughput = Median(watchedRuns.Select(r => r.PerSecond)) / Median(plain.Select(r => r.PerSecond));
            var cpu = Median(watchedRuns.Select(r => r.CpuMsPerMessage)) / Median(plain.Select(r => r.CpuMsPerMessage));
            var pairwise = plain.Zip(watchedRuns, (a, b) => b.PerSecond / a.PerSecond).ToList();

            Console.WriteLine();
            Console.WriteLine("| run | console watchers | messages/s | s | CPU ms/message (whole process) | progress events received |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            for (var i = 0; i < runs.Count; i++)
            {
                var r = runs[i];
                Console.WriteLine(FormattableString.Invariant(
                    $"| {i + 1} | {r.Watchers} | {r.PerSecond:0} | {r.Elapsed.TotalSeconds:0.00} | {r.CpuMsPerMessage:0.000} | {r.ProgressEvents} |"));
            }

            Console.WriteLine(FormattableString.Invariant(
                $"throughput watched / unwatched (medians): {throughput:0.000}; pairwise: {string.Join(", ", pairwise.Select(p => p.ToString("0.000", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(FormattableString.Invariant($"CPU per message watched / unwatched (medians): {cpu:0.000}"));
            Console.WriteLine(FormattableString.Invariant($"load average after: {FanoutBenchmark.LoadAverage()}"));
            var met = throughput >= Goal;
            Console.WriteLine(met ? "goal met (the stream costs under 2% of throughput)" : "goal NOT met (the stream costs 2% of throughput or more)");
            return met ? 0 : 1;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private sealed record Run(int Watchers, TimeSpan Elapsed, double PerSecond, double CpuMsPerMessage, int ProgressEvents);

    /// <summary>Publishes <paramref name="noticeId"/> through the REST API; when the publish is answered each client
    /// opens the progress stream, as the console's redirect to the progress page does. Timed from the publish
    /// request to the last post the double accepted; the next run starts once the streams have ended and the
    /// ledger has nothing pending.</summary>
    private static async Task<Run> BroadcastAsync(BenchServer server, LimitedSlackDouble slack, IChangeBotStore store,
        string noticeId, int channels, IReadOnlyList<HttpClient> watchers, CancellationToken ct)
    {
        var before = slack.Accepted.Count;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await server.PublishAsync(noticeId, ct);
        var streams = watchers.Select(c => WatchAsync(c, noticeId, ct)).ToList();
        while (slack.Accepted.Count - before < channels)
        {
            await Task.Delay(20, ct);
        }

        var last = slack.Accepted.Skip(before).Max(p => p.Timestamp);
        var elapsed = Stopwatch.GetElapsedTime(started, last);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var events = (await Task.WhenAll(streams)).Sum();
        while ((await store.ListDeliveriesAsync(noticeId, ct)).Any(d => d.Status == DeliveryStatus.Pending))
        {
            await Task.Delay(100, ct);
        }

        return new Run(watchers.Count, elapsed, channels / elapsed.TotalSeconds, cpuUsed.TotalMilliseconds / channels, events);
    }

    /// <summary>Reads the progress stream to its end; answers how many progress events came.</summary>
    private static async Task<int> WatchAsync(HttpClient client, string noticeId, CancellationToken ct)
    {
        using var response = await client.GetAsync($"/console/notices/{noticeId}/progress?handler=stream", HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidOperationException($"progress stream of {noticeId}: {(int)response.StatusCode} (signed out?)");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var events = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line == "event: progress")
            {
                events++;
            }
        }

        return events;
    }

    /// <summary>A console client signed in through the provider, with its own cookie.</summary>
    private static async Task<HttpClient> SignedInAsync(string baseUrl, LoopbackOidcProvider provider)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        provider.NextUser = LoopbackOidcProvider.SlackUser(SupportUser);
        (await ConsoleSignIn.SignInAsync(client)).Page.Dispose();
        return client;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Notice(string id) => $"""
        ---
        id: {id}
        title: Watched fan-out benchmark notice
        products: [api]
        timezone: UTC
        window:
          start: 2099-01-01 10:00
          end: 2099-01-01 12:00
        action_deadline: 2099-01-01 09:00
        ---
        ## What is changing
        Every subscribed channel hears this exactly once, with or without a console watching.
        """;
}
