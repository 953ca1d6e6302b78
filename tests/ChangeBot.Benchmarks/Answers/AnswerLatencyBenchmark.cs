using System.Diagnostics;
using System.Globalization;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;

namespace ChangeBot.Benchmarks.Answers;

/// <summary>
/// Question-answer latency with thousands of notices indexed (SPEC §9): the Lucene answer index against a
/// plain linear keyword scan over the same passages, same questions, same process. Reports median and p99
/// per question and the ratio; the goal is p99 under 10 ms for the index.
/// </summary>
internal static class AnswerLatencyBenchmark
{
    private const double GoalP99Milliseconds = 10;

    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var notices = GeneratedNotices.Create(count);
        var questions = Questions(count);

        var build = Stopwatch.StartNew();
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(notices);
        build.Stop();
        var scan = new LinearKeywordScan(notices);

        Console.WriteLine($"Answer latency: {count} notices ({count * 6} passages) indexed in {build.Elapsed.TotalMilliseconds:F0} ms; " +
            $"{questions.Count} distinct questions, {rounds} asks per method after {rounds / 10} warm-up asks");
        var known = questions.Count(q => index.Ask(q).IsKnown);
        Console.WriteLine($"answered by the index: {known}/{questions.Count} questions (the rest are out of scope on purpose)");

        var lucene = Measure(rounds, questions, q => index.Ask(q).IsKnown);
        var linear = Measure(rounds, questions, q => scan.Best(q) is not null);

        Console.WriteLine();
        Console.WriteLine("method                 median ms   p99 ms   max ms");
        Print("lucene answer index", lucene);
        Print("linear keyword scan", linear);
        Console.WriteLine($"ratio scan/index: median {Percentile(linear, 0.5) / Percentile(lucene, 0.5):F1}x, p99 {Percentile(linear, 0.99) / Percentile(lucene, 0.99):F1}x");
        var p99 = Percentile(lucene, 0.99);
        Console.WriteLine($"goal p99 < {GoalP99Milliseconds} ms: {(p99 < GoalP99Milliseconds ? "met" : "NOT met")} ({p99:F2} ms)");
        return 0;
    }

    private static List<string> Questions(int count)
    {
        var random = new Random(42);
        var questions = new List<string>
        {
            "does the Salesforce connector need changes?",
            "is there downtime?",
            "how do I reset my password?",
            "what is the weather in London tomorrow?",
        };
        for (var i = 0; i < 40; i++)
        {
            var cluster = random.Next(count);
            questions.Add((i % 4) switch
            {
                0 => $"when is the maintenance for cluster {cluster}?",
                1 => $"how can I test before the change on cluster {cluster}?",
                2 => $"what happens if I take no action for cluster {cluster}?",
                _ => $"which firewall ranges change for cluster {cluster} webhooks?",
            });
        }

        return questions;
    }

    private static double[] Measure(int rounds, List<string> questions, Func<string, bool> ask)
    {
        for (var i = 0; i < rounds / 10; i++)
        {
            ask(questions[i % questions.Count]);
        }

        var samples = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            ask(questions[i % questions.Count]);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void Print(string name, double[] sorted) =>
        Console.WriteLine($"{name,-22} {Percentile(sorted, 0.5),9:F3} {Percentile(sorted, 0.99),8:F3} {sorted[^1],8:F3}");

    /// <summary>The baseline: every passage of every notice, scored by how many of the question's words it
    /// contains, as a hand-written search without an index would do it.</summary>
    private sealed class LinearKeywordScan(IReadOnlyList<Notice> notices)
    {
        private readonly (string NoticeId, string Text)[] _passages = [.. notices.SelectMany(n =>
            n.Sections.Select(s => (n.Id, (n.Title + " " + s.Heading + " " + s.Text).ToLowerInvariant()))
                .Concat(n.Faq.Select(f => (n.Id, (n.Title + " " + f.Question + " " + f.Answer).ToLowerInvariant()))))];

        public string? Best(string question)
        {
            var words = question.ToLowerInvariant().Split([' ', '?', ',', '.', '!'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length > 2).Distinct().ToArray();
            string? best = null;
            var bestScore = 0;
            foreach (var (noticeId, text) in _passages)
            {
                var score = words.Count(w => text.Contains(w, StringComparison.Ordinal));
                if (score > bestScore)
                {
                    (best, bestScore) = (noticeId, score);
                }
            }

            return bestScore * 2 >= words.Length ? best : null;
        }
    }
}
