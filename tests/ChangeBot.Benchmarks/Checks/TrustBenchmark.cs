using System.Diagnostics;
using ChangeBot.Core.Checks;

namespace ChangeBot.Benchmarks.Checks;

/// <summary>
/// What per-platform verdicts cost: one handshake plus the verdicts of all five platform snapshots
/// (and the user's and the system store) against the same check with the user's store only, in the same
/// run on the same loopback endpoint (goal: under 5 ms added); then <c>testssl.sh -S</c>, which also
/// judges the chain by several stores, on that endpoint (goal: under 1/50 of its time).
/// Usage: <c>trust [--runs 30] [--testssl-runs 3]</c>. Only 127.0.0.1 is contacted.
/// </summary>
internal static class TrustBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 30);
        var testsslRuns = Option(args, "--testssl-runs", 3);
        using var pki = new BenchmarkPki();
        using var endpoint = new BenchmarkEndpoint(pki);
        var rootFile = Path.Combine(Path.GetTempPath(), $"changebot-bench-trust-root-{Environment.ProcessId}.pem");
        await File.WriteAllTextAsync(rootFile, pki.Root.ExportCertificatePem());
        try
        {
            var target = $"localhost:{endpoint.Port}";
            var request = new CheckRequest(CheckTarget.Parse(target)) { TrustStores = [TrustStoreLoader.Load(rootFile, null)] };
            var platforms = PlatformStores.Embedded; // loaded once, before timing, as a server does at its first check
            var all = new ChainChecker(new UnrestrictedResolver(), TimeProvider.System, platforms);
            var single = new ChainChecker(new UnrestrictedResolver(), TimeProvider.System, PlatformStores.None);
            Console.WriteLine($"Endpoint {target}; {runs} timed runs each, alternating, after warm-up; " +
                $"stores: {string.Join(", ", platforms.Stores.Select(s => $"{s.Id} ({s.Roots.Certificates.Count})"))}.");

            var (withAll, withOne) = await TimeAlternatingAsync(runs,
                async () => Expect(await all.CheckAsync(request), platforms.Stores.Count),
                async () => Expect(await single.CheckAsync(request), 0));
            Report("handshake + user store + 5 platform verdicts", withAll);
            Report("handshake + user store only", withOne);
            var added = withAll.Median - withOne.Median;
            Console.WriteLine($"added by the platform verdicts (median): {added:0.00} ms, ratio {withAll.Median / withOne.Median:0.00} " +
                $"(goal < 5 ms: {(added < 5 ? "met" : "NOT met")})");

            var testssl = Prerequisites.OnPathOrNull("testssl") ?? Prerequisites.OnPathOrNull("testssl.sh");
            if (testssl is null)
            {
                Console.WriteLine("testssl.sh not found on PATH (apt-get install -y testssl.sh): no baseline.");
                return 0;
            }

            var baseline = await TimeAlternatingAsync(testsslRuns,
                () => Processes.RunAsync(testssl, ["--quiet", "--color", "0", "--warnings", "off", "-S", "--add-ca", rootFile, target], TimeSpan.FromMinutes(5)),
                () => Task.CompletedTask, warmUp: 0);
            Report("testssl.sh -S", baseline.First);
            var share = withAll.Median / baseline.First.Median;
            Console.WriteLine($"ChangeBot/testssl.sh (median): 1/{1 / share:0} (goal under 1/50: {(share < 1.0 / 50 ? "met" : "NOT met")})");
            return 0;
        }
        finally
        {
            File.Delete(rootFile);
        }
    }

    private static void Expect(CheckResult result, int platforms)
    {
        if (result.Verdict != CheckVerdict.Ok || result.Platforms.Count != platforms)
        {
            throw new InvalidOperationException("the benchmark endpoint should check ok: " + string.Join("; ", result.Problems.Select(p => p.Message)));
        }
    }

    /// <summary>Alternates the two so that machine load (shared cores) falls on both alike.</summary>
    private static async Task<(Sample First, Sample Second)> TimeAlternatingAsync(int runs, Func<Task> first, Func<Task> second, int warmUp = 3)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await first();
            await second();
        }

        var a = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await first();
            a.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await second();
            b.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (Sample.Of(a), Sample.Of(b));
    }

    private static void Report(string what, Sample sample) =>
        Console.WriteLine($"{what,-46} median {sample.Median,9:0.00} ms   p95 {sample.P95,9:0.00} ms   min {sample.Min,9:0.00} ms");

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private sealed record Sample(double Median, double P95, double Min)
    {
        public static Sample Of(List<double> times)
        {
            times.Sort();
            return new(times[times.Count / 2], times[(int)Math.Min(times.Count - 1, Math.Ceiling(times.Count * 0.95) - 1)], times[0]);
        }
    }
}
