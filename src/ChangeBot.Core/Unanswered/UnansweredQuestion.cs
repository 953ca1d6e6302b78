namespace ChangeBot.Core.Unanswered;

/// <summary>A question the bot could not answer, kept for support.</summary>
public sealed record UnansweredQuestion(
    string Id,
    string Question,
    string UserId,
    string ChannelKey,
    string? NoticeId,
    DateTimeOffset At)
{
    /// <summary>Stores keep only the newest this many (a flood of questions must not grow the store forever).</summary>
    public const int MaxKept = 1000;

    /// <summary>Enough of a question for support to see what was asked; longer ones are cut.</summary>
    public const int MaxQuestionLength = 500;

    /// <summary>The question as kept: at most <see cref="MaxQuestionLength"/> characters, marked when cut.</summary>
    public static string Shorten(string question) =>
        question.Length <= MaxQuestionLength ? question : string.Concat(question.AsSpan(0, MaxQuestionLength - 1), "…");
}
