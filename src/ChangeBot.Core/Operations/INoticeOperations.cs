using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Core.Operations;

/// <summary>
/// Support actions on a notice and channel answers, shared by chat commands and the REST API. Every
/// method validates its input, changes nothing on failure, and writes the audit log on success.
/// </summary>
public interface INoticeOperations
{
    Task<OperationResult> PublishAsync(string noticeId, Actor actor, CancellationToken ct = default);

    /// <summary>Posts <paramref name="text"/> as a threaded update everywhere the notice was delivered.</summary>
    Task<OperationResult> UpdateAsync(string noticeId, string text, Actor actor, CancellationToken ct = default);

    /// <summary>Moves the action deadline; <paramref name="newDeadline"/> is ISO 8601 or a local time in the notice's zone.</summary>
    Task<OperationResult> RescheduleAsync(string noticeId, string newDeadline, Actor actor, CancellationToken ct = default);

    Task<OperationResult> CancelAsync(string noticeId, Actor actor, CancellationToken ct = default);

    // The same actions on the revision the person saw (the console's confirmation forms): a notice at any other
    // revision, when read or when saved (compare-and-set), is OperationError.Stale and nothing is done.

    Task<OperationResult> PublishAsync(string noticeId, Actor actor, int expectedRevision, CancellationToken ct = default);

    Task<OperationResult> UpdateAsync(string noticeId, string text, Actor actor, int expectedRevision, CancellationToken ct = default);

    Task<OperationResult> RescheduleAsync(string noticeId, string newDeadline, Actor actor, int expectedRevision, CancellationToken ct = default);

    Task<OperationResult> CancelAsync(string noticeId, Actor actor, int expectedRevision, CancellationToken ct = default);

    /// <summary>Per channel: delivered when, latest answer by whom and when, last check, broken subscriptions.</summary>
    Task<OperationResult> GetReadinessAsync(string noticeId, CancellationToken ct = default);

    /// <summary>Records a channel's answer; need-help alerts support and keeps reminders coming.</summary>
    Task<OperationResult> AcknowledgeAsync(string noticeId, AckAnswer answer, Subscriptions.ConversationAddress channel, Actor actor, CancellationToken ct = default);
}

/// <summary>Who did something and from which surface (slack, msteams, directline, rest, cli).</summary>
public sealed record Actor(string UserId, string Surface);

/// <summary>The outcome of an operation: a reply to show, and whether it succeeded.</summary>
public sealed record OperationResult(bool Succeeded, Reply Reply, OperationError Error = OperationError.None)
{
    public static OperationResult Ok(Reply reply) => new(true, reply);

    public static OperationResult Fail(OperationError error, string message) => new(false, Reply.Plain(message, isPrivate: true), error);
}

/// <summary>Why an operation failed. <see cref="Stale"/>: the notice is not at the revision the caller saw.</summary>
public enum OperationError { None, NotFound, Invalid, Conflict, Forbidden, Stale }
