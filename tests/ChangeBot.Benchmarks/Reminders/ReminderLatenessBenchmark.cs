using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using ChangeBot.Benchmarks.Fanout;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Benchmarks.Reminders;

/// <summary>
/// Reminder lateness through real Hangfire on the embedded SQLite storage: N published notices whose
/// reminders fall due at staggered real instants, each subscribed by a few Slack channels on the rate
/// limited double. Lateness is measured where the customer sees it (the double receiving the threaded
/// reminder) and at the job's start (the server's <c>changebot.reminder.lateness</c> histogram). The
/// baseline, in the same run and storage, is a bare Hangfire job scheduled for the same instants.
/// Usage: <c>reminders [--notices 60] [--channels 5] [--lead 45] [--spread 30]</c>.
/// </summary>
internal static class ReminderLatenessBenchmark
{
    private static readonly TimeSpan PollingInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var notices = BenchOptions.Integer(args, "--notices", 60);
        var perNotice = BenchOptions.Integer(args, "--channels", 5);
        var lead = TimeSpan.FromSeconds(BenchOptions.Number(args, "--lead", 45));
        var spread = TimeSpan.FromSeconds(BenchOptions.Number(args, "--spread", 30));
        var limits = new SlackLimits(10, WorkspaceBurst: 10);
        using var cts = new CancellationTokenSource(lead + spread + TimeSpan.FromMinutes(3));
        var ct = cts.Token;

        // Whole seconds: a notice's deadline (and so its reminder's planned time) is stored to the second.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var due = Enumerable.Range(0, notices).Select(k => start + lead + spread * k / notices).Select(d => d.AddTicks(-(d.Ticks % TimeSpan.TicksPerSecond))).ToList();
        var subscriptions = Enumerable.Range(0, notices).SelectMany(k => Enumerable.Range(0, perNotice).Select(j =>
            new Subscription(new ConversationAddress(Platforms.Slack, $"T{j % 10:D4}", $"C{k:D3}{j:D3}"), [$"rem-{k}"], "slack:U0BENCH", DateTimeOffset.UnixEpoch))).ToList();
        var plannedByChannel = subscriptions.ToDictionary(s => s.Address.Conversation, s => due[int.Parse(s.Filters[0][4..], CultureInfo.InvariantCulture)]);
        Console.WriteLine(FormattableString.Invariant(
            $"Reminder lateness: {notices} notices x {perNotice} channels, reminders due from +{lead.TotalSeconds:0} s over {spread.TotalSeconds:0} s; {Environment.ProcessorCount} cores, load {FanoutBenchmark.LoadAverage()}"));

        var jobStarts = new ConcurrentBag<double>();
        using var listener = ListenForLateness(jobStarts);
        await using var slack = await LimitedSlackDouble.StartAsync(limits);
        await using var server = await BenchServer.StartAsync(slack.ApiBaseUrl, due.Select(Notice), subscriptions, ct);
        var jobs = server.App.Services.GetRequiredService<IBackgroundJobClient>();
        for (var k = 0; k < notices; k++)
        {
            await server.PublishAsync($"rem-{k:D3}", ct);
            var planned = due[k].ToUnixTimeSeconds();
            jobs.Schedule(() => HangfireProbe.Run(planned), due[k]);
        }

        var published = DateTimeOffset.UtcNow;
        if (published >= due[0])
        {
            Console.WriteLine($"publishing took until {published:HH:mm:ss.fff}, after the first reminder was due; raise --lead");
            return 1;
        }

        var expected = notices * perNotice;
        while (Reminders(slack).Count < expected && DateTimeOffset.UtcNow < due[^1] + TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250, ct);
        }

        var posted = Reminders(slack);
        var atDouble = posted.Select(p => (p.At - plannedByChannel[p.Channel]).TotalSeconds).ToList();
        var duplicates = posted.GroupBy(p => p.Channel).Count(g => g.Count() > 1);
        var baseline = new Stats(HangfireProbe.Lateness);
        var received = new Stats(atDouble);

        Console.WriteLine();
        Console.WriteLine("| lateness (s) | count | p50 | p95 | p99 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(received.Row("reminder received by the Slack double"));
        Console.WriteLine(new Stats(jobStarts).Row("reminder job start (changebot.reminder.lateness)"));
        Console.WriteLine(baseline.Row("bare Hangfire job, same instants (baseline)"));
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"reminders expected {expected}, received {posted.Count}, channels reminded twice {duplicates}, 429s {slack.RateLimited}"));
        Console.WriteLine(FormattableString.Invariant(
            $"p99 / bare Hangfire p99: {received.P99 / Math.Max(0.001, baseline.P99):0.00}; p99 / schedule polling interval ({PollingInterval.TotalSeconds:0} s): {received.P99 / PollingInterval.TotalSeconds:0.00}; goal p99 < 2 s: {(received.P99 < 2 ? "met" : "NOT met")}; load after {FanoutBenchmark.LoadAverage()}"));
        return received.Count == expected && duplicates == 0 && received.P99 < 2 ? 0 : 1;
    }

    private static List<AcceptedPost> Reminders(LimitedSlackDouble slack) =>
        [.. slack.Accepted.Where(p => p.ThreadTs is not null)];

    private static MeterListener ListenForLateness(ConcurrentBag<double> into)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ChangeBotTelemetry.Name && instrument.Name == "changebot.reminder.lateness")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => into.Add(value));
        listener.Start();
        return listener;
    }

    private static string Notice(DateTimeOffset due, int k) => $"""
        ---
        id: rem-{k:D3}
        title: Reminder benchmark notice {k}
        products: [rem-{k}]
        timezone: UTC
        window:
          start: {BenchServer.Iso(due + TimeSpan.FromHours(3))}
          end: {BenchServer.Iso(due + TimeSpan.FromHours(4))}
        action_deadline: {BenchServer.Iso(due + TimeSpan.FromHours(2))}
        reminders: [2h]
        ---
        ## What is changing
        A reminder two hours before the deadline.
        """;

    private sealed class Stats(IEnumerable<double> values)
    {
        private readonly double[] _sorted = [.. values.Order()];

        public int Count => _sorted.Length;

        public double P99 => At(0.99);

        public string Row(string name) => FormattableString.Invariant(
            $"| {name} | {Count} | {At(0.50):0.000} | {At(0.95):0.000} | {At(0.99):0.000} | {(Count == 0 ? 0 : _sorted[^1]):0.000} |");

        private double At(double p) => Count == 0 ? double.NaN : _sorted[Math.Min(Count - 1, (int)Math.Ceiling(p * Count) - 1)];
    }
}

/// <summary>A Hangfire job that does nothing but note how late it started: the scheduler's own lateness.</summary>
public static class HangfireProbe
{
    private static readonly ConcurrentBag<double> Late = [];

    internal static IEnumerable<double> Lateness => Late;

    public static void Run(long plannedUnixSeconds) =>
        Late.Add((DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(plannedUnixSeconds)).TotalSeconds);
}
