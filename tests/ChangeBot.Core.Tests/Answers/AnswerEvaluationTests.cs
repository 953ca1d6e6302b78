using ChangeBot.Core.Answers;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>
/// Measures question answering on the evaluation set: the right notice (and passage) for in-scope
/// questions, "I don't know" for out-of-scope ones. Prints every question's result.
/// </summary>
public sealed class AnswerEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void EvaluationSet_AllQuestions_AccuracyAtLeast90PercentAndAtMostOneOutOfScopeAnswered()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.Notices());
        var cases = EvaluationSet.Questions();
        Assert.True(cases.Count >= 40, "the evaluation set needs at least 40 questions");
        Assert.True(cases.Count(c => c.ExpectedNotice is null) >= 10, "at least 10 questions must be out of scope");

        var correct = 0;
        var outOfScopeAnswered = 0;
        foreach (var c in cases)
        {
            var answer = index.Ask(c.Question, c.Context);
            var ok = c.ExpectedNotice is null
                ? !answer.IsKnown
                : answer.IsKnown && answer.NoticeId == c.ExpectedNotice
                    && answer.Text!.Contains(c.MustContain, StringComparison.OrdinalIgnoreCase);
            correct += ok ? 1 : 0;
            outOfScopeAnswered += c.ExpectedNotice is null && answer.IsKnown ? 1 : 0;
            var shown = answer.Text is null ? "(unknown)" : Flat(answer.Text);
            output.WriteLine($"{(ok ? "PASS" : "FAIL")} line {c.Line} [{c.Context ?? "-"}] \"{c.Question}\" -> {answer.NoticeId ?? "-"} {answer.Source.ToName()} {answer.Confidence:0.00}: {shown}");
        }

        var accuracy = (double)correct / cases.Count;
        output.WriteLine($"accuracy {correct}/{cases.Count} = {accuracy:P1}; out-of-scope questions answered: {outOfScopeAnswered}");
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy:P1} is below 90%");
        Assert.True(outOfScopeAnswered <= 1, $"{outOfScopeAnswered} out-of-scope questions got an answer");
    }

    private static string Flat(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 110 ? flat[..110] + "…" : flat;
    }
}
