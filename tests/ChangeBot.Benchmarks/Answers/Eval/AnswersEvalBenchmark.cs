using System.Diagnostics;
using System.Text.Json;
using ChangeBot.Cli;
using ChangeBot.Core.Answers;
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

        if (args.Contains("--cosine", StringComparer.Ordinal))
        {
            var texts = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var name in new[] { SentenceEmbedder.MiniLm, SentenceEmbedder.ArcticXs })
            {
                var embedder = SentenceEmbedder.Shared(name)!;
                var q = embedder.EmbedQuestion(texts[0]);
                foreach (var t in texts.Skip(1))
                {
                    var v = embedder.Embed([t])[0];
                    Console.WriteLine($"{name}: {q.Zip(v, (a, b) => a * b).Sum():F3}  {t}");
                }
            }

            return 0;
        }

        if (args.Contains("--explain", StringComparer.Ordinal))
        {
            // What the decision sees for each question over the sample notice alone (the first hour).
            Explain(EvaluationNotices.Load(sample), args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList());
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var reports = new List<EvaluationReport>();
        var questionsFile = dev ? Path.Combine(evaluation, "dev.json") : Path.Combine(root, "tests", "ChangeBot.Benchmarks", "Answers", "Eval", "test.json");
        string[] noticePaths = [Path.Combine(evaluation, "notices"), sample];
        var main = await EvaluateAsync(noticePaths, EvaluationQuestion.Load(questionsFile));
        Console.WriteLine(main.Format(dev ? "answers-eval, dev half (ask --json path)" : "answers-eval, TEST set (ask --json path)"));
        reports.Add(main);
        var single = await EvaluateSingleNoticeAsync(noticePaths, main);
        if (dev)
        {
            string[] legacyPaths = [evaluation, sample];
            var legacy = await EvaluateAsync(legacyPaths, LegacyQuestions.Load(Path.Combine(evaluation, "questions.txt")));
            Console.WriteLine(legacy.Format("older 57 questions"));
            reports.Add(legacy);
            var all = EvaluationReport.Combine(main, legacy);
            Console.WriteLine($"dev set: {all.Right}/{all.Count} = {all.Accuracy:P1}; false answers: {all.FalseAnswers.Count}");
            var legacySingle = await EvaluateSingleNoticeAsync(legacyPaths, legacy);
            single = (EvaluationReport.Combine(single.Asked, legacySingle.Asked), EvaluationReport.Combine(single.WithoutVendor, legacySingle.WithoutVendor));
        }

        var set = dev ? "dev set" : "TEST set";
        Console.WriteLine(single.Asked.Format($"first hour, {set}: each question over a store holding one notice"));
        Console.WriteLine(single.WithoutVendor.Format($"first hour, {set}: the questions naming the vendor asked without its name"));
        reports.Add(single.Asked);
        reports.Add(single.WithoutVendor);

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

    private static void Explain(IReadOnlyList<ChangeBot.Core.Notices.Notice> notices, IReadOnlyList<string> questions)
    {
        var always = new AnswerOptions { Calibration = AnswerCalibration.AlwaysAnswer(SentenceEmbedder.Default) };
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, always, SentenceEmbedder.Shared(SentenceEmbedder.Default));
        index.Rebuild(notices);
        foreach (var question in questions)
        {
            var answer = index.Ask(question);
            Console.WriteLine($"== {question}");
            Console.WriteLine($"   {answer.Heading}: {answer.Text?.ReplaceLineEndings(" ")}");
            if (answer.Features is { } f)
            {
                Console.WriteLine("   " + string.Join(' ', AnswerFeatures.Names.Zip(f.Values(), (n, v) => $"{n}={v:F2}")));
                Console.WriteLine($"   p={AnswerCalibration.Default!.Probability(f):F2} (threshold {AnswerCalibration.Default.Threshold})");
            }
        }
    }

    /// <summary>The same questions over stores holding one notice each (<see cref="SingleNoticeScenario"/>); an
    /// out-of-scope question goes to the notice the full store named in its answer.
    /// The second report asks the in-scope questions that name their vendor again without its name
    /// (<see cref="SingleNoticeScenario.WithoutVendor"/>): how the first customers of the only vendor ask.</summary>
    private static async Task<(EvaluationReport Asked, EvaluationReport WithoutVendor)> EvaluateSingleNoticeAsync(string[] noticePaths, EvaluationReport full)
    {
        var answeredFrom = full.Scored.ToDictionary(s => s.Question.Id, s => s.Answer.NoticeId, StringComparer.Ordinal);
        var asked = new List<EvaluationReport>();
        var withoutVendor = new List<EvaluationReport>();
        foreach (var (notice, questions) in SingleNoticeScenario.Group(EvaluationNotices.Load(noticePaths), full.Scored.Select(s => s.Question), q => answeredFrom[q.Id]))
        {
            var store = new InMemoryChangeBotStore();
            await store.ImportNoticesAsync([notice]);
            var scored = new List<ScoredQuestion>();
            foreach (var question in questions)
            {
                var answer = await AskAsync(store, question.Question, question.Context);
                scored.Add(new ScoredQuestion(question, answer, AnswerScorer.Score(question, answer)));
            }

            var unnamed = new List<ScoredQuestion>();
            foreach (var question in questions.Select(q => SingleNoticeScenario.WithoutVendor(q, notice)).OfType<EvaluationQuestion>())
            {
                var answer = await AskAsync(store, question.Question, question.Context);
                unnamed.Add(new ScoredQuestion(question, answer, AnswerScorer.Score(question, answer)));
            }

            asked.Add(new EvaluationReport(scored));
            withoutVendor.Add(new EvaluationReport(unnamed));
        }

        return (EvaluationReport.Combine([.. asked]), EvaluationReport.Combine([.. withoutVendor]));
    }

    /// <summary>One <c>ask --json</c>, in process: {answer, noticeId, ...}; answer is null when the bot does not know.</summary>
    private static async Task<EvaluatedAnswer> AskAsync(InMemoryChangeBotStore store, string question, string? context)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await AskCommand.RunAsync(store, question, context, json: true, output, error);
        using var json = JsonDocument.Parse(output.ToString());
        var body = json.RootElement;
        var noticeId = body.TryGetProperty("noticeId", out var id) ? id.GetString() : null;
        var pointed = body.TryGetProperty("closestPassage", out var closest) ? closest.GetString() : null;
        var excerpt = body.TryGetProperty("closestExcerpt", out var quoted) ? quoted.GetString() : null;
        return new EvaluatedAnswer(body.GetProperty("answer").GetString(), noticeId, pointed, PartText(await store.GetNoticeAsync(noticeId ?? ""), pointed), excerpt);
    }

    /// <summary>The heading and text of the notice's section or FAQ entry headed <paramref name="heading"/>.</summary>
    private static string? PartText(ChangeBot.Core.Notices.Notice? notice, string? heading)
    {
        if (notice is null || heading is null)
        {
            return null;
        }

        return notice.Sections.Where(s => s.Heading == heading).Select(s => s.Heading + "\n" + s.Text)
            .Concat(notice.Faq.Where(f => f.Question == heading).Select(f => f.Question + "\n" + f.Answer))
            .FirstOrDefault();
    }
}
