using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Checks;

/// <summary>A server-side check as asked for from chat or REST.</summary>
/// <param name="Target">host, host:port or https URL as the caller gave it.</param>
/// <param name="NoticeId">optional notice whose announced chain the path must lead to.</param>
/// <param name="CallerId">who asked (platform-qualified user, or <c>rest:&lt;token&gt;</c>): the rate-limit partition.</param>
/// <param name="Surface">where it was asked (<c>chat</c>, <c>rest</c>), for telemetry.</param>
public sealed record GuardedCheckRequest(string Target, string? NoticeId, string CallerId, string Surface)
{
    /// <summary>The conversation it was asked in; with a notice, the result is kept for readiness.</summary>
    public ConversationAddress? Conversation { get; init; }

    /// <summary>The asker's network address (web chat), the partition of <see cref="ChecksOptions.ChecksPerAddress"/>.</summary>
    public string? ClientAddress { get; init; }
}

/// <summary>Either the check's result or why it was not run: the one outcome chat and REST both render.</summary>
public sealed record GuardedCheck
{
    public CheckResult? Result { get; private init; }
    public CheckRefusal? Refusal { get; private init; }

    /// <summary>The notice the check was judged against, when one was named.</summary>
    public string? NoticeId { get; private init; }

    /// <summary>The subject of the notice's announced root, for the verdict's wording.</summary>
    public string? AnnouncedRoot { get; private init; }

    public static GuardedCheck Ran(CheckResult result, string? noticeId, string? announcedRoot) =>
        new() { Result = result, NoticeId = noticeId, AnnouncedRoot = announcedRoot };

    public static GuardedCheck Refused(CheckRefusalReason reason, string message, TimeSpan? retryAfter = null) =>
        new() { Refusal = new CheckRefusal(reason, message, retryAfter) };
}

public enum CheckRefusalReason
{
    /// <summary>The target is not a host, host:port or https URL.</summary>
    BadTarget,

    /// <summary>The caller ran too many checks recently.</summary>
    RateLimited,

    /// <summary>The named notice does not exist.</summary>
    UnknownNotice,
}

/// <summary>Why a check was not run, in words for the caller; <paramref name="RetryAfter"/> when rate limited.</summary>
public sealed record CheckRefusal(CheckRefusalReason Reason, string Message, TimeSpan? RetryAfter);
