using System.Diagnostics;
using System.Text.Json;
using ChangeBot.Cli;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Testing.AnswerEvaluation;
using ChangeBot.Testing.InMemory;

namespace ChangeBot.Benchmarks.Answers.Eval;

/// <summary>
/// The held-out answer evaluation (issue 13): asks the test half of the unseen-wording set through the same
/// path as <c>changebot ask --json</c> (<see cref="AskCommand"/> over a store holding the evaluation notices)
/// and prints accuracy per kind, every false answer and every wrong one. <c>--dev</c> runs the dev set the
/// same way (the dev half plus the older 57 questions) for the README's dev figure. <c>--fit</c> fits the
/// answer-or-abstain calibration on the dev set (<see cref="AbstainFitter"/>) and writes it into src/.
/// </summary>
internal static class AnswersEvalBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dev = args.Contains("--dev", StringComparer.Ordinal);
        var root = ChangeBot.Testing.RepositoryRoot.Path;
        var evaluation = Path.Combine(root, "tests", "ChangeBot.Core.Tests", "Answers", "Evaluation");
        var sample = Path.Combine(root, "manifests", "notices", "api-sandbox-tls-certificate.md");

        if (args.Contains("--fit", StringComparer.Ordinal))
        {
            // Dev set only: the test half is never read here.
            var samples = AbstainFitter.DevSamples(evaluation, sample, SentenceEmbedder.Default);
            var (json, report) = AbstainFitter.Fit(samples, SentenceEmbedder.Default);
            var target = Path.Combine(root, "src", "ChangeBot.Core", "Answers", "abstain-model.json");
            await File.WriteAllTextAsync(target, json + "\n");
            Console.WriteLine(report);
            Console.WriteLine($"wrote {target}");
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var reports = new List<EvaluationReport>();
        var questionsFile = dev ? Path.Combine(evaluation, "dev.json") : Path.Combine(root, "tests", "ChangeBot.Benchmarks", "Answers", "Eval", "test.json");
        var main = await EvaluateAsync([Path.Combine(evaluation, "notices"), sample], EvaluationQuestion.Load(questionsFile));
        Console.WriteLine(main.Format(dev ? "answers-eval, dev half (ask --json path)" : "answers-eval, TEST set (ask --json path)"));
        reports.Add(main);
        if (dev)
        {
            var legacy = await EvaluateAsync([evaluation, sample], LegacyQuestions.Load(Path.Combine(evaluation, "questions.txt")));
            Console.WriteLine(legacy.Format("older 57 questions"));
            reports.Add(legacy);
            var all = EvaluationReport.Combine(main, legacy);
            Console.WriteLine($"dev set: {all.Right}/{all.Count} = {all.Accuracy:P1}; false answers: {all.FalseAnswers.Count}");
        }

        Console.WriteLine($"({reports.Sum(r => r.Count)} questions in {watch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private static async Task<EvaluationReport> EvaluateAsync(string[] noticePaths, IReadOnlyList<EvaluationQuestion> questions)
    {
        var store = new InMemoryChangeBotStore();
        await store.ImportNoticesAsync(EvaluationNotices.Load(noticePaths));
        var scored = new List<ScoredQuestion>();
        foreach (var question in questions)
        {
            var answer = await AskAsync(store, question.Question, question.Context);
            scored.Add(new ScoredQuestion(question, answer, AnswerScorer.Score(question, answer)));
        }

        return new EvaluationReport(scored);
    }

    /// <summary>One <c>ask --json</c>, in process: {answer, noticeId, ...}; answer is null when the bot does not know.</summary>
    private static async Task<EvaluatedAnswer> AskAsync(InMemoryChangeBotStore store, string question, string? context)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await AskCommand.RunAsync(store, question, context, json: true, output, error);
        using var json = JsonDocument.Parse(output.ToString());
        var body = json.RootElement;
        return new EvaluatedAnswer(
            body.GetProperty("answer").GetString(),
            body.TryGetProperty("noticeId", out var id) ? id.GetString() : null);
    }
}
