using System.Diagnostics;
using System.Globalization;
using ChangeBot.Benchmarks.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Benchmarks.Fanout;

/// <summary>
/// Broadcast fan-out against Slack's limits: the real server (REST publish, ledger on LiteDB, Hangfire,
/// delivery engine, Slack adapter and its rate limiter) posts one notice to N subscribed channels spread
/// over W workspaces, against a double that enforces 1 post/s per channel and a workspace-wide cap.
/// The baseline is the floor those limits impose. Usage:
/// <c>fanout [--subscriptions 10000] [--workspaces 10] [--workspace-rate 10] [--workspace-burst 10] [--timeout 900]</c>.
/// </summary>
internal static class FanoutBenchmark
{
    private const string NoticeId = "fanout-notice";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Array.IndexOf(args, "--console-watchers") >= 0)
        {
            return await WatchedFanoutBenchmark.RunAsync(args);
        }

        var subscriptions = BenchOptions.Integer(args, "--subscriptions", 10_000);
        var workspaces = Math.Min(subscriptions, BenchOptions.Integer(args, "--workspaces", 10));
        var rate = BenchOptions.Number(args, "--workspace-rate", 10);
        // "Short bursts tolerated": one second's worth at the workspace cap, unless told otherwise.
        var limits = new SlackLimits(rate, BenchOptions.Integer(args, "--workspace-burst", Math.Max(2, (int)rate)));
        var timeout = TimeSpan.FromSeconds(BenchOptions.Number(args, "--timeout", 900));
        using var cts = new CancellationTokenSource(timeout + TimeSpan.FromMinutes(2));
        var ct = cts.Token;

        var channels = Enumerable.Range(0, subscriptions)
            .Select(i => new ConversationAddress(Platforms.Slack, $"T{i % workspaces:D4}", $"C{i:D6}")).ToList();
        var floor = Floor(channels, limits);
        Console.WriteLine(FormattableString.Invariant(
            $"Fan-out: {subscriptions} subscriptions over {workspaces} workspace(s); double enforces 1 post/s per channel (burst {limits.ChannelBurst}) and {limits.WorkspacePostsPerSecond} posts/s per workspace (burst {limits.WorkspaceBurst}); {Environment.ProcessorCount} cores, load {LoadAverage()}"));

        await using var slack = await LimitedSlackDouble.StartAsync(limits);
        await using var server = await BenchServer.StartAsync(slack.ApiBaseUrl, [Notice()],
            channels.Select(c => new Subscription(c, [], "slack:U0BENCH", DateTimeOffset.UnixEpoch)), ct);
        using var monitor = new LoadMonitor();
        var idle = Process.GetCurrentProcess().WorkingSet64;

        var clock = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        await server.PublishAsync(NoticeId, ct);
        var publishAnswered = clock.Elapsed;
        var done = await WaitForEveryChannelAsync(slack, subscriptions, timeout, ct);
        var firstPost = slack.Accepted.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started, slack.Accepted.Min(p => p.Timestamp));
        var lastPost = slack.Accepted.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started, slack.Accepted.Max(p => p.Timestamp));
        // Let anything still in flight land, so a late duplicate is counted.
        var store = server.App.Services.GetRequiredService<IChangeBotStore>();
        var ledger = await SettleAsync(store, ct);
        var peak = await monitor.StopAsync();

        var perChannel = slack.Accepted.Where(p => p.ThreadTs is null).GroupBy(p => p.Team + "|" + p.Channel).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = perChannel.Count(p => p.Value > 1);
        var lost = subscriptions - perChannel.Count;
        var ratio = lastPost.TotalSeconds / floor.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---:|");
        Row("publish answered (s)", publishAnswered.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        Row("first post accepted (s)", firstPost.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        Row("total: publish to last post accepted (s)", lastPost.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        Row("floor from the limits (s)", floor.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        Row("ratio total / floor (goal <= 1.15)", ratio.ToString("0.000", CultureInfo.InvariantCulture));
        Row("posts accepted / channels posted", $"{slack.Accepted.Count} / {perChannel.Count}");
        Row("duplicates (channels posted > 1)", duplicates.ToString(CultureInfo.InvariantCulture));
        Row("losses (channels never posted)", lost.ToString(CultureInfo.InvariantCulture));
        Row("429 answers", slack.RateLimited.ToString(CultureInfo.InvariantCulture));
        Row("ledger sent / pending / failed", $"{ledger.Sent} / {ledger.Pending} / {ledger.Failed}");
        Row("working set idle -> peak (MiB, whole process)", $"{Mib(idle)} -> {Mib(peak.WorkingSet)}");
        Row("peak managed heap (MiB)", Mib(peak.ManagedHeap));
        Row("peak thread-pool threads", peak.Threads.ToString(CultureInfo.InvariantCulture));
        Row("load average after", LoadAverage());
        var met = done && duplicates == 0 && lost == 0 && ratio <= 1.15;
        Console.WriteLine(met ? "goal met" : "goal NOT met");
        return met ? 0 : 1;
    }

    /// <summary>What the limits allow at best: each workspace drains its channels at its cap after the
    /// initial burst; one post per channel never waits on the per-channel limit. The slowest workspace
    /// decides.</summary>
    private static TimeSpan Floor(IEnumerable<ConversationAddress> channels, SlackLimits limits) =>
        TimeSpan.FromSeconds(channels.GroupBy(c => c.Workspace)
            .Max(g => Math.Max(0, g.Count() - limits.WorkspaceBurst) / limits.WorkspacePostsPerSecond));

    private static async Task<bool> WaitForEveryChannelAsync(LimitedSlackDouble slack, int channels, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            var posted = slack.Accepted.Where(p => p.ThreadTs is null).Select(p => p.Channel).Distinct(StringComparer.Ordinal).Count();
            if (posted >= channels)
            {
                return true;
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(15))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine(FormattableString.Invariant($"  {clock.Elapsed.TotalSeconds:0} s: {posted} channels posted, {slack.RateLimited} 429s"));
            }

            await Task.Delay(100, ct);
        }

        return false;
    }

    private static async Task<(int Sent, int Pending, int Failed)> SettleAsync(IChangeBotStore store, CancellationToken ct)
    {
        var settleBy = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await store.ListDeliveriesAsync(NoticeId, ct);
            var pending = deliveries.Count(d => d.Status == DeliveryStatus.Pending);
            if (pending == 0 || settleBy.Elapsed > TimeSpan.FromSeconds(30))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                return (deliveries.Count(d => d.Status == DeliveryStatus.Sent), pending, deliveries.Count(d => d.Status == DeliveryStatus.Failed));
            }

            await Task.Delay(250, ct);
        }
    }

    /// <summary>The broadcast notice, shared with <see cref="WatchedFanoutBenchmark"/>.</summary>
    internal static string Notice(string id = "fanout-notice") => $"""
        ---
        id: {id}
        title: Fan-out benchmark notice
        products: [api]
        timezone: UTC
        window:
          start: 2099-01-01 10:00
          end: 2099-01-01 12:00
        action_deadline: 2099-01-01 09:00
        ---
        ## What is changing
        Every subscribed channel hears this exactly once.
        """;

    private static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} |");

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
