using System.Diagnostics;
using System.Globalization;
using ChangeBot.Testing.Postgres;

namespace ChangeBot.Benchmarks.ScaleOut;

/// <summary>
/// Broadcast throughput of one and of two real server processes sharing one PostgreSQL database, against one
/// local Slack double without rate limits, so the engine and the database are what is measured. Two shapes:
/// one notice to every channel (sending a notice holds a per-notice lock across instances, so one instance
/// sends it), and the same channels split over several notices published at once (their dispatch jobs can
/// land on either instance). Reports messages per second, the two/one ratio, and the database's share.
/// </summary>
internal static class ScaleOutBenchmark
{
    private const int SpreadNotices = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var channels = args.Length > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var rounds = Option(args, "--rounds", 2);
        var server = await PostgresServer.GetAsync();
        if (!server.IsAvailable)
        {
            await Console.Error.WriteLineAsync(server.Reason);
            return 2;
        }

        await using var slack = await CountingSlackDouble.StartAsync();
        Console.WriteLine($"Broadcast to {channels} Slack channels on PostgreSQL, rate limits off; {Environment.ProcessorCount} cores, " +
            $"load average {LoadAverage()} at start; {rounds} round(s), one and two instances alternating");
        var results = new List<RunResult>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var instances in new[] { 1, 2 })
            {
                var run = new ScaleOutRun(server.ConnectionString!, slack, instances, channels, SpreadNotices);
                foreach (var result in await run.MeasureAsync())
                {
                    Console.WriteLine($"  round {round}: {result}");
                    results.Add(result);
                }
            }
        }

        Print(results);
        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    private static void Print(List<RunResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("shape              instances  messages/s  sent by instance  DB exec ms/msg  DB busy (cores)  CPU: db / bot / double+harness");
        foreach (var group in results.GroupBy(r => (r.Shape, r.Instances)))
        {
            var median = group.OrderBy(r => r.PerSecond).ElementAt(group.Count() / 2);
            Console.WriteLine($"{median.Shape,-18} {median.Instances,9}  {median.PerSecond,10:F0}  {median.Split,16}  {median.DbMillisecondsPerMessage,14:F2}  " +
                $"{median.DbBusyCores,15:F2}  {median.DbCpuShare,6:P0} / {median.BotCpuShare:P0} / {median.OtherCpuShare:P0}");
        }

        foreach (var shape in results.Select(r => r.Shape).Distinct())
        {
            double Median(int instances) => results.Where(r => r.Shape == shape && r.Instances == instances).Select(r => r.PerSecond).Order().ToList() is var list
                ? list[list.Count / 2] : double.NaN;
            Console.WriteLine($"ratio two/one, {shape}: {Median(2) / Median(1):F2}x");
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

/// <summary>One measured broadcast.</summary>
internal sealed record RunResult(string Shape, int Instances, int Messages, TimeSpan Wall, string Split,
    double DbMillisecondsPerMessage, double DbBusyCores, double DbCpuShare, double BotCpuShare, double OtherCpuShare)
{
    public double PerSecond => Messages / Wall.TotalSeconds;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Shape}, {Instances} instance(s): {Messages} in {Wall.TotalSeconds:F1} s = {PerSecond:F0}/s (by instance {Split}); ")
        + string.Create(CultureInfo.InvariantCulture, $"DB {DbMillisecondsPerMessage:F2} ms/msg executing, {DbBusyCores:F2} cores busy; CPU db {DbCpuShare:P0}, bot {BotCpuShare:P0}, other {OtherCpuShare:P0}");
}
