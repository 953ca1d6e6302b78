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
/// not a rate limit: that is where a watcher's cost can show. Runs of one kind differ by 10-25% on a shared machine,
/// so it runs as many A/B pairs as fit in <c>--budget</c> seconds and reports the median of the pairs' ratios with
/// their spread, and the progress readings' own share of a core (timed by <see cref="BroadcastProgressFeed"/>). The
/// clients run in a child process (<see cref="ChildProcessWatchers"/>; <c>--watchers-in-process</c> for the old
/// harness), so the benchmark process's CPU per message is the server's (with the Slack double and the provider, the
/// same in A and B). Because the ratio cannot resolve 2% on a shared machine, two low-noise measurements of the
/// server's cost per stream follow the pairs: the fixed cost of one stream (<see cref="StreamCostAsync"/>) and its
/// cost per second open (<see cref="ProbeAsync"/>). Usage:
/// <c>fanout --console-watchers 5 [--subscriptions 4000] [--workspaces 200] [--rounds 12] [--warmup 2] [--budget 70]
/// [--watchers-in-process] [--watcher-nice 10] [--probe-channels 50 (0: no probe)] [--probe-watchers 200]
/// [--control-no-streams (A/A: B runs labelled watched open no stream)]</c>.
/// </summary>
internal static class WatchedFanoutBenchmark
{
    private const string SupportUser = "U0SUPPORT";
    private const double Goal = 0.98;

    public static async Task<int> RunAsync(string[] args)
    {
        var began = Stopwatch.GetTimestamp();
        var watchers = BenchOptions.Integer(args, "--console-watchers", 5);
        var subscriptions = BenchOptions.Integer(args, "--subscriptions", 4_000);
        var workspaces = Math.Min(subscriptions, BenchOptions.Integer(args, "--workspaces", 200));
        var rounds = BenchOptions.Integer(args, "--rounds", 12);
        var warmups = BenchOptions.Integer(args, "--warmup", 2);
        // Pairs start only while the run is within this many seconds, so the whole run stays under two minutes.
        var budget = TimeSpan.FromSeconds(BenchOptions.Number(args, "--budget", 70));
        var inProcess = Array.IndexOf(args, "--watchers-in-process") >= 0;
        // A/A control: the B runs open no stream (labelled as watched), to see the harness's own A/B spread.
        var control = Array.IndexOf(args, "--control-no-streams") >= 0;
        // 0 (not lowered), 10 (BelowNormal) or 19 (Idle).
        var nice = Array.IndexOf(args, "--watcher-nice") is var n and >= 0 && n + 1 < args.Length && args[n + 1] == "0"
            ? 0 : BenchOptions.Integer(args, "--watcher-nice", 10);
        // The paced probe: broadcasts to this many channels of one workspace (the adapter's 10 posts/s pace), with and
        // without this many watchers (0: no probe).
        var probeChannels = Array.IndexOf(args, "--probe-channels") is var pc and >= 0 && pc + 1 < args.Length && args[pc + 1] == "0"
            ? 0 : BenchOptions.Integer(args, "--probe-channels", 50);
        var probeWatchers = BenchOptions.Integer(args, "--probe-watchers", 200);
        var limits = new SlackLimits(1_000_000, 1_000_000, ChannelBurst: 1_000);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = cts.Token;
        Console.WriteLine(FormattableString.Invariant(
            $"Watched fan-out: {subscriptions} subscriptions over {workspaces} workspaces, Slack double without effective limits; up to {rounds} pairs of (no console, {watchers} console watchers {(inProcess ? "in this process" : $"in a child process at nice {nice}")}{(control ? ", A/A CONTROL: the B runs open no stream" : "")}) in A B B A order within {budget.TotalSeconds:0} s after {warmups} warm-up broadcasts; {Environment.ProcessorCount} cores, load {FanoutBenchmark.LoadAverage()}"));

        var ids = Enumerable.Range(0, 2 * rounds + warmups).Select(i => $"watched-{i}").ToList();
        var probeIds = Enumerable.Range(0, probeChannels > 0 ? ProbeRuns + 1 : 0).Select(i => $"paced-{i}").ToList();
        var channels = Enumerable.Range(0, subscriptions)
            .Select(i => new ConversationAddress(Platforms.Slack, $"T{i % workspaces:D4}", $"C{i:D6}")).ToList();
        // The fan-out's channels take its notices (product "api") and the probe's take the probe's alone.
        var probe = Enumerable.Range(0, probeChannels)
            .Select(i => new Subscription(new ConversationAddress(Platforms.Slack, "TPROBE", $"CP{i:D5}"), ["probe"], "slack:U0BENCH", DateTimeOffset.UnixEpoch));
        await using var provider = await LoopbackOidcProvider.StartAsync();
        await using var slack = await LimitedSlackDouble.StartAsync(limits);
        await using var server = await BenchServer.StartAsync(slack.ApiBaseUrl,
            ids.Select(id => FanoutBenchmark.Notice(id)).Concat(probeIds.Select(id => FanoutBenchmark.Notice(id).Replace("products: [api]", "products: [probe]", StringComparison.Ordinal))),
            channels.Select(c => new Subscription(c, ["api"], "slack:U0BENCH", DateTimeOffset.UnixEpoch)).Concat(probe), ct,
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
        // Every sign-in, in this process or the child, signs in the support user.
        provider.NextUser = LoopbackOidcProvider.SlackUser(SupportUser);
        await using ConsoleWatchers clients = inProcess
            ? await InProcessWatchers.StartAsync(server.App.Urls.First(), watchers)
            : await ChildProcessWatchers.StartAsync(server.App.Urls.First(), watchers, nice, ct);

        // Warm-up (JIT tiers, connection pools, both paths), not counted.
        for (var i = 0; i < warmups; i++)
        {
            await BroadcastAsync(server, slack, store, ids[i], subscriptions, i % 2 == 1 ? clients : null, ct);
        }

        var runs = new List<Run>();
        for (var i = 0; i < 2 * rounds; i++)
        {
            if (i % 2 == 0 && i > 0 && Stopwatch.GetElapsedTime(began) > budget)
            {
                break;
            }

            // A B B A A B B A ...: a steady drift (the machine's load, the process still warming up) falls
            // equally on both sides; A B A B would credit it to B.
            var watched = (i % 4) is 1 or 2;
            var run = await BroadcastAsync(server, slack, store, ids[warmups + i], subscriptions, watched && !control ? clients : null, ct);
            if (watched && control)
            {
                run = run with { Watchers = clients.Count };
            }

            runs.Add(run);
            Console.WriteLine(FormattableString.Invariant(
                $"  run {i + 1}: {run.Watchers} watchers, {run.PerSecond:0} messages/s, {run.Elapsed.TotalSeconds:0.00} s, server CPU {run.CpuMsPerMessage:0.000} ms/message, clients' CPU {run.ClientCpuMsPerMessage:0.000} ms/message, streams all open after {run.OpenedAfter.TotalMilliseconds:0} ms, {run.ProgressEvents} progress events; {run.Runtime}; load {FanoutBenchmark.LoadAverage()}"));
        }

        var fixedCost = await StreamCostAsync(clients, ids[warmups + runs.Count - 1], ct);
        var median = Report(runs, began, inProcess);
        // Without the first pair: its unwatched run, right after the warm-ups, is always the slowest.
        var settled = runs.Skip(2).ToList();
        ThreadCpu.Report([.. settled.Where(r => r.Watchers == 0).Select(r => r.ThreadCpuMs)], [.. settled.Where(r => r.Watchers > 0).Select(r => r.ThreadCpuMs)], subscriptions);
        if (probeChannels > 0)
        {
            await ProbeAsync(server, slack, store, probeIds, probeChannels, probeWatchers, nice, fixedCost.ServerMs,
                watchers, Quantile(runs.Where(r => r.Watchers > 0).Select(r => r.Elapsed.TotalSeconds).ToList(), 0.5),
                Quantile(runs.Where(r => r.Watchers == 0).Select(r => r.CpuMsPerMessage * subscriptions).ToList(), 0.5), ct);
        }

        Console.WriteLine(FormattableString.Invariant(
            $"one stream of a finished broadcast (request, cookie, authorization, notice, one reading, done), {fixedCost.Streams} streams after the pairs: {(inProcess ? "benchmark process (server and watchers)" : "server process")} {fixedCost.ServerMs:0.000} ms CPU each ({fixedCost.IdleMs:0.000} ms of that idle background), watcher process {fixedCost.ClientMs:0.000} ms"));
        return median >= Goal ? 0 : 1;
    }

    private const int ProbeRuns = 6;

    /// <summary>
    /// What a stream costs the server per second it is open, with little noise: <see cref="ProbeRuns"/> broadcasts
    /// (A B B A) of a notice to <paramref name="channels"/> channels of one workspace, which the Slack adapter paces
    /// at 10 posts a second, so each lasts several seconds while the server does little else; B with
    /// <paramref name="watchers"/> streams (their own child process). The server process's CPU difference B - A over
    /// the watchers is what one stream costs over such a broadcast, open to done; less the fixed cost of a stream
    /// (<paramref name="fixedMs"/>), over the broadcast's seconds, what it costs per second. From both, the server
    /// CPU that <paramref name="mainWatchers"/> streams add to a fan-out broadcast of <paramref name="mainSeconds"/>
    /// (the watched runs' median) as a share of what the unwatched broadcast took (<paramref name="mainCpuMs"/>).
    /// </summary>
    private static async Task ProbeAsync(BenchServer server, LimitedSlackDouble slack, IChangeBotStore store, IReadOnlyList<string> ids,
        int channels, int watchers, int nice, double fixedMs, int mainWatchers, double mainSeconds, double mainCpuMs, CancellationToken ct)
    {
        var began = Stopwatch.GetTimestamp();
        await using var clients = await ChildProcessWatchers.StartAsync(server.App.Urls.First(), watchers, nice, ct);
        Console.WriteLine(FormattableString.Invariant($"  {watchers} probe watchers signed in in {Stopwatch.GetElapsedTime(began).TotalSeconds:0.0} s"));
        // The first one warms the path up, not counted.
        await PacedAsync(ids[0], null);
        var runs = new List<(bool Watched, double Seconds, double CpuMs, string Seen)>();
        for (var i = 0; i < ProbeRuns; i++)
        {
            var watched = (i % 4) is 1 or 2;
            runs.Add(await PacedAsync(ids[i + 1], watched ? clients : null));
            Console.WriteLine(FormattableString.Invariant(
                $"  paced run {i + 1}: {(watched ? watchers : 0)} watchers, {runs[^1].Seconds:0.00} s, server process CPU {runs[^1].CpuMs:0} ms{runs[^1].Seen}, load {FanoutBenchmark.LoadAverage()}"));
        }

        var plain = runs.Where(r => !r.Watched).ToList();
        var seen = runs.Where(r => r.Watched).ToList();
        var perStream = (seen.Average(r => r.CpuMs) - plain.Average(r => r.CpuMs)) / watchers;
        var seconds = seen.Average(r => r.Seconds);
        var perSecond = Math.Max(0, perStream - fixedMs) / seconds;
        var projected = mainWatchers * (fixedMs + perSecond * mainSeconds);
        Console.WriteLine(FormattableString.Invariant(
            $"paced probe ({channels} channels of one workspace, {ProbeRuns} runs A B B A A B, {watchers} watchers): unwatched {string.Join(", ", plain.Select(r => $"{r.CpuMs:0} ms in {r.Seconds:0.0} s"))}; watched {string.Join(", ", seen.Select(r => $"{r.CpuMs:0} ms in {r.Seconds:0.0} s"))}"));
        Console.WriteLine(FormattableString.Invariant(
            $"  one stream over a {seconds:0.0} s broadcast: {perStream:0.000} ms of server CPU; less the fixed {fixedMs:0.000} ms: {perSecond:0.000} ms per second open"));
        Console.WriteLine(FormattableString.Invariant(
            $"  so {mainWatchers} streams on a {mainSeconds:0.00} s fan-out broadcast: {projected:0.0} ms of server CPU, {projected / mainCpuMs:0.000%} of the {mainCpuMs:0} ms the unwatched broadcast took"));
        Console.WriteLine(FormattableString.Invariant($"  probe took {Stopwatch.GetElapsedTime(began).TotalSeconds:0} s"));

        async Task<(bool, double, double, string)> PacedAsync(string noticeId, ConsoleWatchers? watching)
        {
            var before = slack.Accepted.Count;
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await server.PublishAsync(noticeId, ct);
            var answered = Stopwatch.GetTimestamp();
            var streams = watching?.WatchAsync(noticeId, ct);
            while (slack.Accepted.Count - before < channels)
            {
                await Task.Delay(20, ct);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var seen = "";
            if (streams is not null)
            {
                var w = await streams;
                seen = FormattableString.Invariant(
                    $", {w.ProgressEvents} progress events, streams all open {Stopwatch.GetElapsedTime(answered, w.LastOpened).TotalMilliseconds:0} ms after the publish was answered");
            }

            // Until the streams have said done, so their cost is all in: up to one feed interval (1 s) longer than the
            // unwatched run's wait, in which the idle server uses a few ms (the idle share shown by the fixed cost).
            while ((await store.CountProgressAsync(noticeId, 0, ct)) is { Done: false })
            {
                await Task.Delay(20, ct);
            }

            self.Refresh();
            return (watching is not null, elapsed.TotalSeconds, (self.TotalProcessorTime - cpu).TotalMilliseconds, seen);
        }
    }

    /// <summary>The fixed cost of one stream, without a broadcast's noise: the watchers watch a finished broadcast
    /// (each stream is answered with its one reading and done) 20 times; the process's CPU over that, less what
    /// the idle process used over as long again (Hangfire's polling, timers), per stream.</summary>
    private static async Task<(int Streams, double ServerMs, double IdleMs, double ClientMs)> StreamCostAsync(ConsoleWatchers watchers, string finished, CancellationToken ct)
    {
        const int Rounds = 20;
        using var self = Process.GetCurrentProcess();
        await watchers.WatchAsync(finished, ct);
        self.Refresh();
        var (cpu, clientCpu, at) = (self.TotalProcessorTime, watchers.ClientCpu, Stopwatch.GetTimestamp());
        for (var i = 0; i < Rounds; i++)
        {
            await watchers.WatchAsync(finished, ct);
        }

        self.Refresh();
        var (busy, clientBusy, took) = (self.TotalProcessorTime - cpu, watchers.ClientCpu - clientCpu, Stopwatch.GetElapsedTime(at));
        var idleFrom = self.TotalProcessorTime;
        await Task.Delay(took, ct);
        self.Refresh();
        var idle = self.TotalProcessorTime - idleFrom;
        var streams = Rounds * watchers.Count;
        return (streams, (busy - idle).TotalMilliseconds / streams, idle.TotalMilliseconds / streams, clientBusy.TotalMilliseconds / streams);
    }

    /// <summary>Prints the runs and their summary; answers the median pair's throughput ratio.</summary>
    private static double Report(List<Run> runs, long began, bool inProcess)
    {
        // Each adjacent pair (A B, then B A) is one unwatched and one watched broadcast run back to back.
        var pairs = runs.Chunk(2).Where(p => p.Length == 2)
            .Select(p => (Plain: p.Single(r => r.Watchers == 0), Watched: p.Single(r => r.Watchers > 0))).ToList();
        var throughput = pairs.Select(p => p.Watched.PerSecond / p.Plain.PerSecond).ToList();
        var cpu = pairs.Select(p => p.Watched.CpuMsPerMessage / p.Plain.CpuMsPerMessage).ToList();
        var cpuDelta = pairs.Select(p => p.Watched.CpuMsPerMessage - p.Plain.CpuMsPerMessage).ToList();
        var watchedRuns = runs.Where(r => r.Watchers > 0).ToList();
        var plainRuns = runs.Where(r => r.Watchers == 0).ToList();

        Console.WriteLine();
        Console.WriteLine("| run | console watchers | messages/s | s | server process CPU ms/message | watcher process CPU ms/message | streams all open after (ms) | progress events received | progress readings | ms per reading (during the run) | µs per reading (after it) | readings' share of one core |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            Console.WriteLine(FormattableString.Invariant(
                $"| {i + 1} | {r.Watchers} | {r.PerSecond:0} | {r.Elapsed.TotalSeconds:0.00} | {r.CpuMsPerMessage:0.000} | {r.ClientCpuMsPerMessage:0.000} | {r.OpenedAfter.TotalMilliseconds:0} | {r.ProgressEvents} | {r.Readings} | {r.ReadMs:0.000} | {r.AfterMs * 1000:0.0} | {r.ReadShareOfCore:0.000%} |"));
        }

        var median = Quantile(throughput, 0.5);
        var (q1, q3) = (Quantile(throughput, 0.25), Quantile(throughput, 0.75));
        Console.WriteLine(FormattableString.Invariant(
            $"throughput watched / unwatched, {pairs.Count} adjacent pairs: median {median:0.000}, middle half {q1:0.000}-{q3:0.000}, range {throughput.Min():0.000}-{throughput.Max():0.000}"));
        Console.WriteLine(FormattableString.Invariant(
            $"  pairs: {string.Join(", ", throughput.Select(p => p.ToString("0.000", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine(FormattableString.Invariant(
            $"  medians of the runs: {Quantile(watchedRuns.Select(r => r.PerSecond).ToList(), 0.5) / Quantile(plainRuns.Select(r => r.PerSecond).ToList(), 0.5):0.000}; unwatched runs ranged {plainRuns.Min(r => r.PerSecond):0}-{plainRuns.Max(r => r.PerSecond):0} messages/s"));
        Console.WriteLine(FormattableString.Invariant(
            $"{(inProcess ? "benchmark process (server and watchers)" : "server process")} CPU per message watched / unwatched, adjacent pairs: median {Quantile(cpu, 0.5):0.000}, middle half {Quantile(cpu, 0.25):0.000}-{Quantile(cpu, 0.75):0.000}; difference median {Quantile(cpuDelta, 0.5) * 1000:0.0} µs/message (middle half {Quantile(cpuDelta, 0.25) * 1000:0.0} to {Quantile(cpuDelta, 0.75) * 1000:0.0})"));
        if (!inProcess)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"watcher process CPU while watched: median {Quantile(watchedRuns.Select(r => r.ClientCpuMsPerMessage).ToList(), 0.5) * 1000:0.0} µs/message; streams all open {Quantile(watchedRuns.Select(r => r.OpenedAfter.TotalMilliseconds).ToList(), 0.5):0} ms (median, max {watchedRuns.Max(r => r.OpenedAfter.TotalMilliseconds):0}) after the publish was answered, broadcasts {Quantile(watchedRuns.Select(r => r.Elapsed.TotalSeconds).ToList(), 0.5):0.00} s"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"progress readings' share of one core while watched: median {Quantile(watchedRuns.Select(r => r.ReadShareOfCore).ToList(), 0.5):0.000%}, max {watchedRuns.Max(r => r.ReadShareOfCore):0.000%} ({Environment.ProcessorCount} cores)"));
        Console.WriteLine(FormattableString.Invariant(
            $"load average after: {FanoutBenchmark.LoadAverage()}; whole run {Stopwatch.GetElapsedTime(began).TotalSeconds:0} s"));
        Console.WriteLine(median >= Goal ? "goal met by the median pair (the stream costs under 2% of throughput)" : "goal NOT met by the median pair (the stream costs 2% of throughput or more)");
        if (q3 - q1 > 2 * (1 - Goal))
        {
            Console.WriteLine(FormattableString.Invariant(
                $"  but the middle half of the pairs spans {q3 - q1:0.000}, wider than the 2% asked: at this noise the ratio neither shows nor rules out a 2% cost"));
        }

        return median;
    }

    /// <param name="CpuMsPerMessage">The benchmark process's CPU (server, Slack double, provider; and the watchers'
    /// clients with <c>--watchers-in-process</c>) per message, from before the publish to the last post.</param>
    /// <param name="ClientCpuMsPerMessage">The child watcher process's CPU over the same window, per message.</param>
    /// <param name="OpenedAfter">From the publish answered to the last stream's headers arriving at its client.</param>
    /// <param name="Readings">Progress readings while the broadcast ran (shared by the watchers).</param>
    /// <param name="ReadingTime">What those readings took together, timed by the feed as they ran (the first of a
    /// notice includes what the store does once, e.g. LiteDB reading the rows it then keeps counting).</param>
    /// <param name="AfterMs">One reading of the finished broadcast, as the feed reads (median of 3).</param>
    private sealed record Run(int Watchers, TimeSpan Elapsed, double PerSecond, double CpuMsPerMessage, double ClientCpuMsPerMessage,
        TimeSpan OpenedAfter, int ProgressEvents, long Readings, TimeSpan ReadingTime, double AfterMs, RuntimeCounts Runtime,
        IReadOnlyDictionary<string, double> ThreadCpuMs)
    {
        public double ReadMs => Readings == 0 ? 0 : ReadingTime.TotalMilliseconds / Readings;

        /// <summary>The readings' share of one core over the broadcast: a low-noise bound of the stream's reading cost.</summary>
        public double ReadShareOfCore => ReadingTime / Elapsed;
    }

    /// <summary>Publishes <paramref name="noticeId"/> through the REST API; when the publish is answered the watchers
    /// (if any) open the progress stream, as the console's redirect to the progress page does. Timed from the publish
    /// request to the last post the double accepted; the next run starts once the streams have ended and the
    /// ledger has nothing pending.</summary>
    private static async Task<Run> BroadcastAsync(BenchServer server, LimitedSlackDouble slack, IChangeBotStore store,
        string noticeId, int channels, ConsoleWatchers? watchers, CancellationToken ct)
    {
        var before = slack.Accepted.Count;
        var feed = server.App.Services.GetService<BroadcastProgressFeed>();
        var (readsBefore, readingBefore) = (feed?.LedgerReads ?? 0, feed?.ReadingTime ?? TimeSpan.Zero);
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var runtime = RuntimeCounts.Now();
        var threads = ThreadCpu.Now();
        var clientCpu = watchers?.ClientCpu ?? TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        await server.PublishAsync(noticeId, ct);
        var answered = Stopwatch.GetTimestamp();
        var streams = watchers?.WatchAsync(noticeId, ct);
        while (slack.Accepted.Count - before < channels)
        {
            await Task.Delay(20, ct);
        }

        self.Refresh();
        var cpuUsed = self.TotalProcessorTime - cpu;
        var runtimeUsed = RuntimeCounts.Now() - runtime;
        var threadsUsed = ThreadCpu.Since(threads);
        var clientCpuUsed = (watchers?.ClientCpu ?? TimeSpan.Zero) - clientCpu;
        var last = slack.Accepted.Skip(before).Max(p => p.Timestamp);
        var elapsed = Stopwatch.GetElapsedTime(started, last);
        var seen = streams is null ? null : await streams;
        var reads = (feed?.LedgerReads ?? 0) - readsBefore;
        var reading = (feed?.ReadingTime ?? TimeSpan.Zero) - readingBefore;
        while ((await store.CountProgressAsync(noticeId, 0, ct)) is { Done: false })
        {
            await Task.Delay(100, ct);
        }

        var after = new List<double>();
        for (var i = 0; i < (watchers is null ? 0 : 3); i++)
        {
            var at = Stopwatch.GetTimestamp();
            await store.CountProgressAsync(noticeId, 0, ct);
            after.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        }

        return new Run(watchers?.Count ?? 0, elapsed, channels / elapsed.TotalSeconds, cpuUsed.TotalMilliseconds / channels,
            clientCpuUsed.TotalMilliseconds / channels, seen is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(answered, seen.LastOpened),
            seen?.ProgressEvents ?? 0, reads, reading, after.Count == 0 ? 0 : Quantile(after, 0.5), runtimeUsed, threadsUsed);
    }

    /// <summary>What the runtime counts in this process (the server's) over a run: lock contentions, thread pool work
    /// items and threads, collections and GC pauses; to see where extra CPU of a watched run goes.</summary>
    private readonly record struct RuntimeCounts(long Contentions, long WorkItems, int Threads, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static RuntimeCounts Now() => new(Monitor.LockContentionCount, ThreadPool.CompletedWorkItemCount, ThreadPool.ThreadCount,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        /// <summary>The counts over a run; the thread count is the one at its end.</summary>
        public static RuntimeCounts operator -(RuntimeCounts end, RuntimeCounts start) => new(end.Contentions - start.Contentions,
            end.WorkItems - start.WorkItems, end.Threads, end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, end.Paused - start.Paused);

        public override string ToString() => FormattableString.Invariant(
            $"{Contentions} lock contentions, {WorkItems} thread pool work items, {Threads} pool threads, GC {Gen0}/{Gen1}/{Gen2} paused {Paused.TotalMilliseconds:0} ms");
    }

    /// <summary>The <paramref name="q"/> quantile, interpolated between the nearest values (0.5: the median).</summary>
    private static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var at = q * (sorted.Length - 1);
        var below = (int)Math.Floor(at);
        return below + 1 < sorted.Length ? sorted[below] + (at - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
    }
}
