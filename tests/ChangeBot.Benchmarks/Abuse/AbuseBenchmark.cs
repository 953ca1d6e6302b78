using System.Diagnostics;
using System.Globalization;
using System.Net;
using ChangeBot.Testing.Hosting;

namespace ChangeBot.Benchmarks.Abuse;

/// <summary>
/// Web chat under abuse: the real server process on 127.0.0.1 with the sample notice; legitimate visitors (each
/// its own 127.0.1.x address, conversation and stream) ask the Salesforce question of docs/writing-notices.md one
/// after another, first on an idle server, then while one client floods a conversation with 256 KB posts and
/// history polls. Reports the visitors' round trip (post to answer on the stream) and the server's peak working
/// set in both phases. Goal: abused p99 within 2x of idle, peak working set under 400 MB.
/// Usage: <c>abuse [--seconds 30] [--visitors 100] [--posters 4] [--pollers 4]</c>.
/// </summary>
internal static class AbuseBenchmark
{
    private const string Question = "Do we need to change anything in the Salesforce integration?";
    private const double WorkingSetGoalMb = 400;

    /// <summary>At most this many questions a second over all visitors, so none meets the per-conversation post
    /// limit (20 a minute), which is not what is measured.</summary>
    private const int QuestionsPerSecond = 40;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 30);
        var visitorCount = Math.Min(250, Option(args, "--visitors", 100));
        var posters = Option(args, "--posters", 4);
        var pollers = Option(args, "--pollers", 4);
        var total = Stopwatch.StartNew();
        var data = Directory.CreateTempSubdirectory("changebot-abuse-");
        var loadBefore = LoadAverage();
        await using var server = await ServerProcess.StartAsync(data.FullName, 0, new Dictionary<string, string>
        {
            ["ChangeBot__SampleNotices"] = "true",
            ["Logging__LogLevel__ChangeBot"] = "Warning",
        }, CancellationToken.None);
        Console.WriteLine($"Web chat abuse: {visitorCount} visitors, {seconds} s idle then {seconds} s with {posters} posters of "
            + $"{WebChatFlooder.PostBytes / 1024} KB and {pollers} history pollers on one conversation; server pid {server.ProcessId} at "
            + $"{server.BaseAddress} ({Environment.ProcessorCount} cores, load {loadBefore})");

        var visitors = new List<WebChatVisitor>();
        try
        {
            for (var i = 1; i <= visitorCount; i++)
            {
                visitors.Add(await WebChatVisitor.StartAsync(IPAddress.Parse($"127.0.1.{i}"), server.BaseAddress, CancellationToken.None));
            }

            // Warm-up: every visitor once (JIT, the answer index, connections).
            foreach (var visitor in visitors)
            {
                await visitor.AskAsync(Question, CancellationToken.None);
            }

            var startWorkingSet = WorkingSetMb(server.ProcessId);
            var idle = await MeasureAsync(visitors, server.ProcessId, TimeSpan.FromSeconds(seconds), flood: null);
            var flooder = new WebChatFlooder();
            using var floodClient = WebChatFlooder.Client(server.BaseAddress);
            var abused = await MeasureAsync(visitors, server.ProcessId, TimeSpan.FromSeconds(seconds),
                stop => flooder.RunAsync(floodClient, posters, pollers, stop));
            var loadAfter = LoadAverage();

            Console.WriteLine();
            Console.WriteLine("| phase | questions | unanswered | p50 ms | p95 ms | p99 ms | max ms | server peak WS MB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(idle.Row("idle"));
            Console.WriteLine(abused.Row("flooded"));
            Console.WriteLine();
            Console.WriteLine("flood answers: " + string.Join(", ", flooder.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} x{s.Value}")));
            var ratio = abused.P99 / Math.Max(0.001, idle.P99);
            var p99Met = ratio <= 2;
            var memoryMet = abused.PeakWorkingSetMb < WorkingSetGoalMb;
            Console.WriteLine($"server working set before the phases {startWorkingSet:0} MB");
            Console.WriteLine($"p99 flooded / idle: {ratio:0.00} (goal <= 2: {(p99Met ? "met" : "NOT met")}); "
                + $"peak working set {abused.PeakWorkingSetMb:0} MB (goal < {WorkingSetGoalMb:0}: {(memoryMet ? "met" : "NOT met")})");
            Console.WriteLine($"load average before {loadBefore}, after {loadAfter}; total {total.Elapsed.TotalSeconds:0} s");
            return p99Met && memoryMet && abused.Unanswered == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var visitor in visitors)
            {
                await visitor.DisposeAsync();
            }

            await server.StopAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>Questions one after another (rotating over the visitors, paced to <see cref="QuestionsPerSecond"/>)
    /// for <paramref name="duration"/>, while <paramref name="flood"/> runs and the server's memory is sampled.</summary>
    private static async Task<Phase> MeasureAsync(List<WebChatVisitor> visitors, int serverPid, TimeSpan duration, Func<CancellationToken, Task>? flood)
    {
        using var stop = new CancellationTokenSource(duration);
        var flooding = flood?.Invoke(stop.Token) ?? Task.CompletedTask;
        var sampling = PeakWorkingSetAsync(serverPid, stop.Token);
        var latencies = new List<double>();
        var unanswered = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)QuestionsPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var took = await visitors[i % visitors.Count].AskAsync(Question, CancellationToken.None);
            if (took is { } t)
            {
                latencies.Add(t.TotalMilliseconds);
            }
            else
            {
                unanswered++;
            }
        }

        await flooding;
        return new Phase([.. latencies.Order()], unanswered, await sampling);
    }

    private static async Task<double> PeakWorkingSetAsync(int pid, CancellationToken stop)
    {
        double peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, WorkingSetMb(pid));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Math.Max(peak, WorkingSetMb(pid));
    }

    private static double WorkingSetMb(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private sealed record Phase(double[] Sorted, int Unanswered, double PeakWorkingSetMb)
    {
        public double P99 => Percentile(0.99);

        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Sorted.Length} | {Unanswered} | {Percentile(0.5):0.0} | {Percentile(0.95):0.0} | {P99:0.0} | {(Sorted.Length == 0 ? 0 : Sorted[^1]):0.0} | {PeakWorkingSetMb:0} |");

        private double Percentile(double p) =>
            Sorted.Length == 0 ? double.NaN : Sorted[Math.Min(Sorted.Length - 1, (int)Math.Ceiling(p * Sorted.Length) - 1)];
    }
}
