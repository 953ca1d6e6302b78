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
/// run: broadcasts of the same size alternate (A B B A) without and with N console clients, each signed in through the
/// loopback OpenID Connect provider (the real sign-in, its own cookie), watching the broadcast's
/// <c>/console/notices/{id}/progress?handler=stream</c> from the moment the publish is answered (where the console
/// sends the browser) until the stream says done. Slack is the fan-out double with limits far above what the
/// engine reaches and the channels spread over many workspaces, so the engine (and the machine) sets the pace,
/// not a rate limit: that is where a watcher's cost can show. Usage:
/// <c>fanout --console-watchers 5 [--subscriptions 2000] [--workspaces 200] [--rounds 3] [--warmup 2]</c>.
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
        var warmups = BenchOptions.Integer(args, "--warmup", 2);
        var limits = new SlackLimits(1_000_000, 1_000_000, ChannelBurst: 1_000);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = cts.Token;
        Console.WriteLine(FormattableString.Invariant(
            $"Watched fan-out: {subscriptions} subscriptions over {workspaces} workspaces, Slack double without effective limits; {rounds} rounds of (no console, {watchers} console watchers) in A B B A order after {warmups} warm-up broadcasts; {Environment.ProcessorCount} cores, load {FanoutBenchmark.LoadAverage()}"));

        var ids = Enumerable.Range(0, 2 * rounds + warmups).Select(i => $"watched-{i}").ToList();
        var channels = Enumerable.Range(0, subscriptions)
            .Select(i => new ConversationAddress(Platforms.Slack, $"T{i % workspaces:D4}", $"C{i:D6}")).ToList();
        await using var provider = await LoopbackOidcProvider.StartAsync();
        await using var slack = await LimitedSlackDouble.StartAsync(limits);
        await using var server = await BenchServer.StartAsync(slack.ApiBaseUrl, ids.Select(id => FanoutBenchmark.Notice(id)),
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

            // Warm-up (JIT tiers, connection pools, both paths), not counted.
            for (var i = 0; i < warmups; i++)
            {
                await BroadcastAsync(server, slack, store, ids[i], subscriptions, i % 2 == 1 ? clients : [], ct);
            }

            var runs = new List<Run>();
            for (var i = 0; i < 2 * rounds; i++)
            {
                // A B B A A B B A ...: a steady drift (the machine's load, the process still warming up) falls
                // equally on both sides; A B A B would credit it to B.
                var watched = (i % 4) is 1 or 2;
                var run = await BroadcastAsync(server, slack, store, ids[warmups + i], subscriptions, watched ? clients : [], ct);
                runs.Add(run);
                Console.WriteLine(FormattableString.Invariant(
                    $"  run {i + 1}: {run.Watchers} watchers, {run.PerSecond:0} messages/s, CPU {run.CpuMsPerMessage:0.000} ms/message, {run.ProgressEvents} progress events, load {FanoutBenchmark.LoadAverage()}"));
            }

            var plain = runs.Where(r => r.Watchers == 0).ToList();
            var watchedRuns = runs.Where(r => r.Watchers > 0).ToList();
            var throughput = Median(watchedRuns.Select(r => r.PerSecond)) / Median(plain.Select(r => r.PerSecond));
            var cpu = Median(watchedRuns.Select(r => r.CpuMsPerMessage)) / Median(plain.Select(r => r.CpuMsPerMessage));
            var pairwise = plain.Zip(watchedRuns, (a, b) => b.PerSecond / a.PerSecond).ToList();

            Console.WriteLine();
            Console.WriteLine("| run | console watchers | messages/s | s | CPU ms/message (whole process) | progress events received | ledger readings | ms per reading | readings' share of one core |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (var i = 0; i < runs.Count; i++)
            {
                var r = runs[i];
                Console.WriteLine(FormattableString.Invariant(
                    $"| {i + 1} | {r.Watchers} | {r.PerSecond:0} | {r.Elapsed.TotalSeconds:0.00} | {r.CpuMsPerMessage:0.000} | {r.ProgressEvents} | {r.LedgerReads} | {r.ReadMs:0.0} | {r.ReadShareOfCore:0.0%} |"));
            }

            Console.WriteLine(FormattableString.Invariant(
                $"throughput watched / unwatched (medians): {throughput:0.000}; pairwise: {string.Join(", ", pairwise.Select(p => p.ToString("0.000", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(FormattableString.Invariant($"CPU per message watched / unwatched (medians): {cpu:0.000}"));
            Console.WriteLine(FormattableString.Invariant(
                $"progress readings' share of one core while watched (median): {Median(watchedRuns.Select(r => r.ReadShareOfCore)):0.0%} ({Environment.ProcessorCount} cores)"));
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

    /// <param name="LedgerReads">Progress readings of the ledger while the broadcast ran (shared by the watchers).</param>
    /// <param name="ReadMs">One progress reading of this notice's finished ledger, timed after the run (median of 3).</param>
    private sealed record Run(int Watchers, TimeSpan Elapsed, double PerSecond, double CpuMsPerMessage, int ProgressEvents, long LedgerReads, double ReadMs)
    {
        /// <summary>The readings' share of one core over the broadcast: a low-noise estimate of the stream's cost.</summary>
        public double ReadShareOfCore => LedgerReads * ReadMs / Elapsed.TotalMilliseconds;
    }

    /// <summary>Publishes <paramref name="noticeId"/> through the REST API; when the publish is answered each client
    /// opens the progress stream, as the console's redirect to the progress page does. Timed from the publish
    /// request to the last post the double accepted; the next run starts once the streams have ended and the
    /// ledger has nothing pending.</summary>
    private static async Task<Run> BroadcastAsync(BenchServer server, LimitedSlackDouble slack, IChangeBotStore store,
        string noticeId, int channels, IReadOnlyList<HttpClient> watchers, CancellationToken ct)
    {
        var before = slack.Accepted.Count;
        var feed = server.App.Services.GetService<BroadcastProgressFeed>();
        var readsBefore = feed?.LedgerReads ?? 0;
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
        var reads = (feed?.LedgerReads ?? 0) - readsBefore;
        while ((await store.ListDeliveriesAsync(noticeId, ct)).Any(d => d.Status == DeliveryStatus.Pending))
        {
            await Task.Delay(100, ct);
        }

        var readMs = new List<double>();
        for (var i = 0; i < (watchers.Count > 0 ? 3 : 0); i++)
        {
            var reading = Stopwatch.GetTimestamp();
            await BroadcastProgress.OfAsync(store, noticeId, ct);
            readMs.Add(Stopwatch.GetElapsedTime(reading).TotalMilliseconds);
        }

        return new Run(watchers.Count, elapsed, channels / elapsed.TotalSeconds, cpuUsed.TotalMilliseconds / channels, events, reads,
            readMs.Count == 0 ? 0 : Median(readMs));
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
}
