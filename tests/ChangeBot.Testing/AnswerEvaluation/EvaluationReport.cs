using System.Globalization;
using System.Text;

namespace ChangeBot.Testing.AnswerEvaluation;

public sealed record ScoredQuestion(EvaluationQuestion Question, EvaluatedAnswer Answer, Verdict Verdict);

/// <summary>Accuracy overall and per kind, the false answers and every wrong one.</summary>
public sealed class EvaluationReport(IReadOnlyList<ScoredQuestion> scored)
{
    public IReadOnlyList<ScoredQuestion> Scored { get; } = scored;

    public int Count => Scored.Count;

    public int Right => Scored.Count(s => s.Verdict == Verdict.Right);

    public double Accuracy => Count == 0 ? 0 : (double)Right / Count;

    public IReadOnlyList<ScoredQuestion> FalseAnswers => [.. Scored.Where(s => s.Verdict == Verdict.False)];

    /// <summary>Asks every question through <paramref name="ask"/> (question, context notice) and scores it.</summary>
    public static EvaluationReport Run(IEnumerable<EvaluationQuestion> questions, Func<string, string?, EvaluatedAnswer> ask) =>
        new([.. questions.Select(q =>
        {
            var answer = ask(q.Question, q.Context);
            return new ScoredQuestion(q, answer, AnswerScorer.Score(q, answer));
        })]);

    public static EvaluationReport Combine(params EvaluationReport[] reports) => new([.. reports.SelectMany(r => r.Scored)]);

    public string Format(string title)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {Right}/{Count} right = {Accuracy:P1}; false answers: {FalseAnswers.Count}");
        foreach (var kind in EvaluationKinds.All)
        {
            var ofKind = Scored.Where(s => s.Question.Kind == kind).ToList();
            if (ofKind.Count > 0)
            {
                var right = ofKind.Count(s => s.Verdict == Verdict.Right);
                var falses = ofKind.Count(s => s.Verdict == Verdict.False);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {kind,-13} {right,3}/{ofKind.Count,-3} {(double)right / ofKind.Count,7:P1}   false {falses}");
            }
        }

        var pointed = Scored.Where(s => s.Answer is { IsKnown: false, Pointed: not null }).ToList();
        if (pointed.Count > 0)
        {
            var unanswered = Scored.Count(s => s.Question.InScope && !s.Answer.IsKnown);
            var right = pointed.Count(s => AnswerScorer.PointedRight(s.Question, s.Answer));
            var outOfScope = pointed.Count(s => !s.Question.InScope);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  pointers: {unanswered} in scope not answered; the reply pointed at the part holding the fact for {right}, at another part for {pointed.Count - right - outOfScope}; out of scope pointed {outOfScope}");
            var guessed = pointed.Where(s => s.Answer.Excerpt is not null).ToList();
            var guessedRight = guessed.Count(s => AnswerScorer.GuessedRight(s.Question, s.Answer));
            var guessedOutOfScope = guessed.Count(s => !s.Question.InScope);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  guesses quoted: {guessed.Count}; holding the asked fact {guessedRight}, without it {guessed.Count - guessedRight - guessedOutOfScope}; to out-of-scope questions {guessedOutOfScope}");
        }

        AppendList(text, "FALSE answers", FalseAnswers);
        AppendList(text, "wrong (no answer, or the right notice without the fact)", [.. Scored.Where(s => s.Verdict == Verdict.Wrong)]);
        return text.ToString();
    }

    private static void AppendList(StringBuilder text, string heading, IReadOnlyList<ScoredQuestion> list)
    {
        if (list.Count == 0)
        {
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{heading}:");
        foreach (var s in list)
        {
            var q = s.Question;
            var shown = s.Answer.Text is null ? "(does not know)" : Shorten(s.Answer.Text);
            var facts = string.Join("; ", q.Facts.Select(f => string.Join(" ~ ", f)));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {q.Id} [{q.Kind}{(q.Context is null ? "" : ", in " + q.Context)}] \"{q.Question}\"");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"      expected {q.Notice ?? "no notice"}{(q.Section is null ? "" : " / " + q.Section)}{(facts.Length == 0 ? "" : " with " + facts)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"      got {s.Answer.NoticeId ?? "-"}: {shown}");
        }
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 160 ? flat[..160] + "…" : flat;
    }
}
