using System.Globalization;

namespace ChangeBot.Benchmarks.Fanout;

/// <summary>
/// This process's CPU by thread name (Linux: <c>/proc/self/task/*/stat</c>, in clock ticks, and <c>comm</c>, the name
/// cut to 15 characters, e.g. ".NET TP Worker", ".NET Sockets", ".NET BGC"), to see which threads a watched run's
/// extra CPU runs on. Threads that ended between two readings are lost (the pool retires idle workers); a run's
/// total here can be lower than the process's.
/// </summary>
internal static class ThreadCpu
{
    private const double MsPerTick = 10; // USER_HZ is 100 on Linux.

    public static Dictionary<int, (string Name, long Ticks)> Now()
    {
        var threads = new Dictionary<int, (string, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return threads;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // pid (comm) state ... utime is field 14, stime 15; comm may hold spaces, so count after ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, ticks);
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return threads;
    }

    /// <summary>CPU ms per thread name since <paramref name="start"/> (threads started since count from zero).</summary>
    public static Dictionary<string, double> Since(Dictionary<int, (string Name, long Ticks)> start) =>
        Now().GroupBy(t => t.Value.Name)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Value.Ticks - (start.TryGetValue(t.Key, out var s) && s.Name == t.Value.Name ? s.Ticks : 0)) * MsPerTick);

    public static void Report(List<IReadOnlyDictionary<string, double>> plain, List<IReadOnlyDictionary<string, double>> watched, int messages)
    {
        if (plain.Count == 0 || watched.Count == 0)
        {
            return;
        }

        var names = plain.Concat(watched).SelectMany(d => d.Keys).Distinct().ToList();
        Console.WriteLine("server process CPU by thread, mean per broadcast in µs per message: unwatched | watched | difference");
        foreach (var (name, a, b) in names
                     .Select(n => (n, plain.Average(d => d.GetValueOrDefault(n)), watched.Average(d => d.GetValueOrDefault(n))))
                     .Where(t => t.Item2 + t.Item3 > 0)
                     .OrderByDescending(t => Math.Abs(t.Item3 - t.Item2)))
        {
            Console.WriteLine(FormattableString.Invariant(
                $"  {name,-16} {a * 1000 / messages,8:0.0} | {b * 1000 / messages,8:0.0} | {(b - a) * 1000 / messages,+8:+0.0;-0.0}"));
        }
    }
}
