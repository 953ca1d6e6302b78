namespace ChangeBot.Core.Unanswered;

/// <summary>A question the bot could not answer, kept for support.</summary>
public sealed record UnansweredQuestion(
    string Id,
    string Question,
    string UserId,
    string ChannelKey,
    string? NoticeId,
    DateTimeOffset At);
