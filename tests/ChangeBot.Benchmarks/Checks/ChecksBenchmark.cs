using System.Diagnostics;
using System.Globalization;
using ChangeBot.Core.Checks;

namespace ChangeBot.Benchmarks.Checks;

/// <summary>
/// Chain-check time against <c>openssl s_client -showcerts</c> on the same local endpoint in the same
/// run (the ratio is the result; the goal is at most 1.5), then N concurrent checks through the engine:
/// throughput, peak memory, and the worst scheduling delay of a heartbeat task, which grows when the
/// thread pool starves.
/// Usage: <c>checks [--runs 30] [--concurrency 200]</c>. Only 127.0.0.1 is contacted.
/// </summary>
internal static class ChecksBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 30);
        var concurrency = Option(args, "--concurrency", 200);
        using var pki = new BenchmarkPki();
        using var endpoint = new BenchmarkEndpoint(pki);
        var rootFile = Path.Combine(Path.GetTempPath(), $"changebot-bench-root-{Environment.ProcessId}.pem");
        await File.WriteAllTextAsync(rootFile, pki.Root.ExportCertificatePem());
        try
        {
            var target = $"localhost:{endpoint.Port}";
            var request = new CheckRequest(CheckTarget.Parse(target)) { TrustStores = [TrustStoreLoader.Load(rootFile, null)] };
            var checker = new ChainChecker(new UnrestrictedResolver(), TimeProvider.System, PlatformStores.Embedded);
            Console.WriteLine($"Endpoint {target} (SslStream, RSA 2048 leaf + intermediate); {runs} timed runs each, after warm-up.");

            var engine = await TimeAsync(runs, async () => Expect(await checker.CheckAsync(request)));
            Report("engine check (in process)", engine);

            var openssl = Prerequisites.OpenSsl();
            Sample? baseline = null;
            if (openssl is null)
            {
                Console.WriteLine("openssl not found on PATH: no baseline, no ratio.");
            }
            else
            {
                baseline = await TimeAsync(runs, () => Processes.RunAsync(openssl,
                    ["s_client", "-connect", target, "-servername", "localhost", "-showcerts", "-CAfile", rootFile]));
                Report("openssl s_client -showcerts", baseline);
                var ratio = engine.Median / baseline.Median;
                Console.WriteLine($"ratio engine/openssl (median): {ratio:0.00} (goal <= 1.5: {(ratio <= 1.5 ? "met" : "NOT met")})");
            }

            var cli = Path.Combine(AppContext.BaseDirectory, "changebot.dll");
            if (Prerequisites.Dotnet() is { } dotnet && File.Exists(cli))
            {
                var process = await TimeAsync(Math.Min(runs, 10), () => Processes.RunAsync(dotnet, [cli, "check", target, "--ca-file", rootFile]));
                Report("changebot check (new process, for reference)", process);
            }

            await ConcurrentAsync(checker, request, concurrency);
            return 0;
        }
        finally
        {
            File.Delete(rootFile);
        }
    }

    private static async Task ConcurrentAsync(ChainChecker checker, CheckRequest request, int count)
    {
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var monitor = new LoadMonitor();
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => checker.CheckAsync(request))));
        clock.Stop();
        var peak = await monitor.StopAsync();

        var failed = results.Count(r => r.Verdict != CheckVerdict.Ok);
        Console.WriteLine($"{count} concurrent checks: {clock.Elapsed.TotalMilliseconds:0} ms, " +
            $"{count / clock.Elapsed.TotalSeconds:0.0} checks/s, {failed} not ok");
        Console.WriteLine($"  memory: working set {Mb(before)} before, peak {Mb(peak.WorkingSet)}; managed heap peak {Mb(peak.ManagedHeap)}");
        Console.WriteLine($"  thread pool: up to {peak.Threads} threads; worst heartbeat delay {peak.WorstHeartbeatDelay.TotalMilliseconds:0} ms " +
            $"(starvation shows as delays of seconds)");
        foreach (var problem in results.Where(r => r.Verdict != CheckVerdict.Ok).SelectMany(r => r.Problems).Take(3))
        {
            Console.WriteLine($"  e.g. {problem.Code}: {problem.Message}");
        }
    }

    private static void Expect(CheckResult result)
    {
        if (result.Verdict != CheckVerdict.Ok)
        {
            throw new InvalidOperationException("the benchmark endpoint should check ok: " + string.Join("; ", result.Problems.Select(p => p.Message)));
        }
    }

    private static async Task<Sample> TimeAsync(int runs, Func<Task> once)
    {
        for (var i = 0; i < 3; i++)
        {
            await once();
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await once();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return new Sample(times[times.Count / 2], times[(int)Math.Min(times.Count - 1, Math.Ceiling(times.Count * 0.95) - 1)], times[0]);
    }

    private static void Report(string what, Sample sample) =>
        Console.WriteLine($"{what,-46} median {sample.Median,7:0.00} ms   p95 {sample.P95,7:0.00} ms   min {sample.Min,7:0.00} ms");

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private sealed record Sample(double Median, double P95, double Min);
}
