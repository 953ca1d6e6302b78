namespace ChangeBot.Core.Answers;

/// <summary>Tuning for question answering; the defaults are what the evaluation set was measured with.</summary>
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

    /// <summary>Cosine at or below which the model alone gives no confidence …</summary>
    public double SimilarityFloor { get; init; } = 0.35;

    /// <summary>… and at or above which it alone gives full confidence.</summary>
    public double SimilarityFull { get; init; } = 0.65;
}
