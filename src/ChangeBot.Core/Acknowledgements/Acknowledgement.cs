namespace ChangeBot.Core.Acknowledgements;

/// <summary>The three answers a channel can give to a notice.</summary>
public enum AckAnswer { Ready, NotAffected, NeedHelp }

/// <summary>An answer from a channel; every one is kept, the latest per channel counts.</summary>
public sealed record Acknowledgement(
    string NoticeId,
    string ChannelKey,
    AckAnswer Answer,
    string UserId,
    DateTimeOffset At);
