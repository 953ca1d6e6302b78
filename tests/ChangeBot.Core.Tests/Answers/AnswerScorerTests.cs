using ChangeBot.Testing.AnswerEvaluation;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The shared evaluation scorer: what counts as right, wrong and false.</summary>
public sealed class AnswerScorerTests
{
    private static readonly EvaluationQuestion InScope = new("q1", "time", null, "when does the grace period end?",
        "contoso-webhook-egress-ranges", "Timeline", [["date:2027-05-04"], ["old ranges", "previous ranges"]]);

    private static readonly EvaluationQuestion OutOfScope = new("q2", "cross-vendor", null, "Stripe's new CA?", null, null, []);

    [Theory]
    [InlineData("The grace period ends on May 4, 2027; after that the old ranges are retired.")]
    [InlineData("Ends Tue 4 May 2027 06:00 UTC, then the old\n  ranges go.")]
    [InlineData("Until 2027-05-04 the previous ranges stay.")]
    [InlineData("On the 4th May the OLD RANGES are retired.")]
    public void Score_RightNoticeWithEveryFact_IsRight(string text) =>
        Assert.Equal(Verdict.Right, AnswerScorer.Score(InScope, new(text, "contoso-webhook-egress-ranges")));

    [Theory]
    [InlineData("The grace period ends on May 14, 2027; the old ranges are retired.")]
    [InlineData("The switch is on April 6, 2027 for the old ranges.")]
    [InlineData("The grace period ends on May 4, 2027.")]
    public void Score_RightNoticeMissingAFact_IsWrong(string text) =>
        Assert.Equal(Verdict.Wrong, AnswerScorer.Score(InScope, new(text, "contoso-webhook-egress-ranges")));

    [Fact]
    public void Score_DoesNotKnowAnInScopeQuestion_IsWrongNotFalse() =>
        Assert.Equal(Verdict.Wrong, AnswerScorer.Score(InScope, new(null, "contoso-webhook-egress-ranges")));

    [Fact]
    public void Score_AnswerFromAnotherNotice_IsFalseEvenWithTheFacts() =>
        Assert.Equal(Verdict.False, AnswerScorer.Score(InScope, new("May 4: the old ranges go.", "proseware-api-address-change")));

    [Fact]
    public void Score_OutOfScope_RightOnlyWhenTheBotDoesNotKnow()
    {
        Assert.Equal(Verdict.Right, AnswerScorer.Score(OutOfScope, new(null, "northwind-gateway-ca-migration")));
        Assert.Equal(Verdict.False, AnswerScorer.Score(OutOfScope, new("GlobalSign.", "northwind-gateway-ca-migration")));
    }
}
