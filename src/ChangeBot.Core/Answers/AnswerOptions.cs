namespace ChangeBot.Core.Answers;

/// <summary>Tuning for question answering; the defaults were calibrated on the dev set only
/// (tests/ChangeBot.Core.Tests/Answers/Evaluation: the older 57 questions and dev.json) with MiniLM.</summary>
public sealed record AnswerOptions
{
    /// <summary>Below this confidence the bot says it does not know (and records the question).</summary>
    public double MinConfidence { get; init; } = 0.6;

    /// <summary>An FAQ entry wins over body passages when its question alone covers at least this much of
    /// the question asked: support's own answer is better than prose.</summary>
    public double FaqMinConfidence { get; init; } = 0.7;

    /// <summary>How many BM25 hits are re-ranked by coverage.</summary>
    public int Candidates { get; init; } = 20;

    /// <summary>Longest passage quoted in an answer, in characters; longer ones are cut at a sentence.</summary>
    public int MaxAnswerLength { get; init; } = 900;

    /// <summary>Weights of the keyword and meaning lists in reciprocal rank fusion.</summary>
    public double LexicalWeight { get; init; } = 1;

    public double SemanticWeight { get; init; } = 1;

    /// <summary>Added to the confidence when the question names what the answer's notice is about and
    /// nothing it does not (see <see cref="Grounding"/>).</summary>
    public double GroundingBonus { get; init; } = 0.15;

    /// <summary>Taken from the confidence times the share of the question's words that only other notices
    /// use (see <see cref="Grounding.ForeignShare"/>).</summary>
    public double ForeignPenalty { get; init; } = 1.0;

    /// <summary>Cosine at or below which the model alone gives no confidence …</summary>
    public double SimilarityFloor { get; init; } = 0.35;

    /// <summary>… and at or above which it alone gives full confidence.</summary>
    public double SimilarityFull { get; init; } = 0.65;

    /// <summary>The calibrated answer-or-abstain decision (Answers/abstain-model.json); used instead of
    /// <see cref="MinConfidence"/> when the loaded model is the one it was fitted with.</summary>
    internal AnswerCalibration? Calibration { get; init; } = AnswerCalibration.Default;
}
