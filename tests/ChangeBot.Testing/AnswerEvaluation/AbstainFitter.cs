using System.Globalization;
using System.Text;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Testing.AnswerEvaluation;

/// <summary>
/// Fits the answer-or-abstain calibration (src/ChangeBot.Core/Answers/AnswerCalibration.cs) on the DEV set only:
/// every dev question is asked with a calibration that always answers, and what the decision saw for the best
/// passage is labelled by how that answer scores (right, or false: another notice or out of scope). An
/// L2-regularised logistic regression (Newton's method) is fitted; five-fold cross-validation picks the
/// regularisation and the threshold that maximise right answers minus <see cref="FalseCost"/> times false
/// ones (a false answer is worse than "I don't know").
/// </summary>
public static class AbstainFitter
{
    /// <summary>What one answer from the wrong notice costs, in answers from the right one.</summary>
    public const double FalseCost = 3;

    private const int Folds = 5;

    private static readonly double[] Lambdas = [0.003, 0.01, 0.03, 0.1, 0.3, 1];

    /// <summary>One dev question as the decision saw it, and how its answer scores when given: right, false
    /// (another notice, or out of scope), or wrong (the right notice without the fact: answering it or not
    /// scores the same, so it does not take part in the fit).</summary>
    public sealed record Sample(string Id, double[] X, Verdict Verdict)
    {
        public bool Right => Verdict == Verdict.Right;
    }

    /// <summary>The dev samples: the older 57 questions over their notices and the dev half over the
    /// unseen-wording notices (each with the sample notice), then each of them again over a store holding one
    /// notice (<see cref="SingleNoticeScenario"/>, ids ending in "/1"), also without the vendor's name (ids "~/1"):
    /// the first hour's case.</summary>
    public static IReadOnlyList<Sample> DevSamples(string evaluationFolder, string sampleNotice, string model)
    {
        var legacyNotices = EvaluationNotices.Load(evaluationFolder, sampleNotice);
        var legacyQuestions = LegacyQuestions.Load(Path.Combine(evaluationFolder, "questions.txt"));
        var devNotices = EvaluationNotices.Load(Path.Combine(evaluationFolder, "notices"), sampleNotice);
        var devQuestions = EvaluationQuestion.Load(Path.Combine(evaluationFolder, "dev.json"));
        var answeredFrom = new Dictionary<string, string?>(StringComparer.Ordinal);
        // What the full stores embedded, so the one-notice stores below embed nothing again.
        var vectors = new List<PassageVector>();
        var legacy = Samples(legacyNotices, legacyQuestions, model, answeredFrom, vectors);
        var dev = Samples(devNotices, devQuestions, model, answeredFrom, vectors);
        var single = new List<Sample>();
        foreach (var (notices, questions) in new[] { (legacyNotices, legacyQuestions), (devNotices, devQuestions) })
        {
            foreach (var (notice, asked) in SingleNoticeScenario.Group(notices, questions, q => answeredFrom.GetValueOrDefault(q.Id)))
            {
                var unnamed = asked.Select(q => SingleNoticeScenario.WithoutVendor(q, notice)).OfType<EvaluationQuestion>();
                single.AddRange(Samples([notice], [.. asked, .. unnamed], model, null, vectors).Select(s => s with { Id = s.Id + "/1" }));
            }
        }

        return [.. legacy, .. dev, .. single];
    }

    /// <param name="vectors">vectors embedded so far: loaded first, and what this index embedded is added.</param>
    private static List<Sample> Samples(IReadOnlyList<Notice> notices, IEnumerable<EvaluationQuestion> questions, string model,
        Dictionary<string, string?>? answeredFrom, List<PassageVector> vectors)
    {
        var options = new AnswerOptions { Calibration = AnswerCalibration.AlwaysAnswer(model) };
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, options, SentenceEmbedder.Shared(model));
        index.LoadVectors(vectors);
        index.Rebuild(notices);
        vectors.AddRange(index.TakeUnsavedVectors());
        var samples = new List<Sample>();
        foreach (var question in questions)
        {
            var answer = index.Ask(question.Question, question.Context);
            answeredFrom?.Add(question.Id, answer.NoticeId);
            // Schedule answers and topic-free questions are not decided by the calibration; grounding refusals
            // are refused whatever it says.
            if (answer.Features is { } features && answer.Refusal is null)
            {
                var zone = answer.NoticeId is { } id ? index.Find(id)?.TimeZone : null;
                var seen = new EvaluatedAnswer(answer.Text is null ? null : TimeMarkup.RenderPlain(answer.Text, zone), answer.NoticeId);
                samples.Add(new Sample(question.Id, features.Values(), AnswerScorer.Score(question, seen)));
            }
        }

        return samples;
    }

    /// <summary>Fits on <paramref name="samples"/>; returns the calibration's JSON and a report of the
    /// cross-validation.</summary>
    public static (string Json, string Report) Fit(IReadOnlyList<Sample> all, string model)
    {
        var report = new StringBuilder();
        var samples = all.Where(s => s.Verdict != Verdict.Wrong).ToList();
        var positives = samples.Count(s => s.Right);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{all.Count} dev samples: {positives} right if answered, {samples.Count - positives} false if answered, {all.Count - samples.Count} right notice without the fact (left out)");
        // Folds alternate within each label, in id order, so every fold holds both kinds.
        var fold = new int[samples.Count];
        int pos = 0, neg = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            fold[i] = samples[i].Right ? pos++ % Folds : neg++ % Folds;
        }

        (double Lambda, double Threshold, double Objective) best = (0, 0, double.MinValue);
        foreach (var lambda in Lambdas)
        {
            var predicted = new double[samples.Count];
            for (var f = 0; f < Folds; f++)
            {
                var train = samples.Where((_, i) => fold[i] != f).ToList();
                var (w, b) = Logistic(train, lambda);
                for (var i = 0; i < samples.Count; i++)
                {
                    if (fold[i] == f)
                    {
                        predicted[i] = Probability(w, b, samples[i].X);
                    }
                }
            }

            var (threshold, objective, answeredRight, answeredWrong) = BestThreshold(samples, predicted);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"  lambda {lambda,-6} cross-validated: threshold {threshold:F2}, right answers {answeredRight}, false answers {answeredWrong}, objective {objective:F1}");
            if (objective > best.Objective + 1e-9)
            {
                best = (lambda, threshold, objective);
            }
        }

        var (weights, bias) = Logistic(samples, best.Lambda);
        var calibration = new AnswerCalibration(model, AnswerFeatures.Names, [.. weights.Select(w => Math.Round(w, 4))], Math.Round(bias, 4),
            best.Threshold, string.Create(CultureInfo.InvariantCulture,
                $"dev set only ({samples.Count} samples), lambda {best.Lambda}, 5-fold cross-validated threshold, false answer cost {FalseCost}"));
        report.AppendLine(CultureInfo.InvariantCulture, $"chosen: lambda {best.Lambda}, threshold {best.Threshold:F2}");
        for (var i = 0; i < weights.Length; i++)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {AnswerFeatures.Names[i],-12} {weights[i],8:F3}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"  {"bias",-12} {bias,8:F3}");
        var answeredFalse = samples.Where(s => !s.Right && Probability(weights, bias, s.X) >= best.Threshold).Select(s => s.Id);
        var refusedRight = samples.Where(s => s.Right && Probability(weights, bias, s.X) < best.Threshold).Select(s => s.Id);
        report.AppendLine("false-if-answered samples (features in AnswerFeatures.Names order, then the probability):");
        foreach (var s in samples.Where(s => !s.Right))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {s.Id,-10} {string.Join(' ', s.X.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}  p={Probability(weights, bias, s.X):F2}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"fitted on all dev: still false {string.Join(' ', answeredFalse)}; right but refused {string.Join(' ', refusedRight)}");
        return (calibration.ToJson(), report.ToString());
    }

    private static (double Threshold, double Objective, int Right, int Wrong) BestThreshold(IReadOnlyList<Sample> samples, double[] predicted)
    {
        (double Threshold, double Objective, int Right, int Wrong) best = (0.5, double.MinValue, 0, 0);
        for (var t = 0.05; t < 0.96; t += 0.05)
        {
            var right = samples.Where((s, i) => s.Right && predicted[i] >= t).Count();
            var wrong = samples.Where((s, i) => !s.Right && predicted[i] >= t).Count();
            var objective = right - (FalseCost * wrong);
            if (objective > best.Objective + 1e-9)
            {
                best = (Math.Round(t, 2), objective, right, wrong);
            }
        }

        return best;
    }

    private static double Probability(double[] w, double b, double[] x)
    {
        var z = b;
        for (var i = 0; i < w.Length; i++)
        {
            z += w[i] * x[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Minimises the mean log-loss plus lambda/2 |w|² (the bias is not penalised) by Newton's method.</summary>
    private static (double[] Weights, double Bias) Logistic(IReadOnlyList<Sample> samples, double lambda)
    {
        var d = samples[0].X.Length;
        var beta = new double[d + 1]; // weights, then the bias
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            foreach (var sample in samples)
            {
                var x = sample.X.Append(1.0).ToArray();
                var p = Probability(beta[..d], beta[d], sample.X);
                var error = p - (sample.Right ? 1 : 0);
                for (var i = 0; i <= d; i++)
                {
                    gradient[i] += error * x[i] / samples.Count;
                    for (var j = 0; j <= d; j++)
                    {
                        hessian[i, j] += p * (1 - p) * x[i] * x[j] / samples.Count;
                    }
                }
            }

            for (var i = 0; i < d; i++)
            {
                gradient[i] += lambda * beta[i];
                hessian[i, i] += lambda;
            }

            hessian[d, d] += 1e-9;
            var step = Solve(hessian, gradient);
            for (var i = 0; i <= d; i++)
            {
                beta[i] -= step[i];
            }

            if (step.Max(Math.Abs) < 1e-10)
            {
                break;
            }
        }

        return (beta[..d], beta[d]);
    }

    /// <summary>Gaussian elimination with partial pivoting.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var y = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            for (var k = 0; k < n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            (y[col], y[pivot]) = (y[pivot], y[col]);
            for (var r = col + 1; r < n; r++)
            {
                var factor = m[r, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[r, k] -= factor * m[col, k];
                }

                y[r] -= factor * y[col];
            }
        }

        var solution = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = y[r];
            for (var k = r + 1; k < n; k++)
            {
                sum -= m[r, k] * solution[k];
            }

            solution[r] = sum / m[r, r];
        }

        return solution;
    }
}
