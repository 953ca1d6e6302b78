using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Chain checks requested from chat or REST: always behind the SSRF guard and the per-user rate limit,
/// rendered as a reply with a plain-words verdict first.
/// </summary>
public interface IChatChecks
{
    /// <param name="target">host, host:port or https URL as the user typed it.</param>
    /// <param name="noticeId">optional notice whose announced chain the path must lead to.</param>
    /// <param name="userId">platform-qualified user id, for the rate limit and the readiness record.</param>
    Task<Reply> CheckAsync(string target, string? noticeId, string userId, CancellationToken ct = default);

    /// <summary>The same check, asked in <paramref name="conversation"/>: a check for a notice is then kept as
    /// that channel's last check, which readiness shows. Implementations that keep nothing need not override.</summary>
    Task<Reply> CheckAsync(string target, string? noticeId, string userId, ConversationAddress? conversation, CancellationToken ct = default) =>
        CheckAsync(target, noticeId, userId, ct);

    /// <summary>The same check, asked by <paramref name="asker"/>: its conversation as above, and its network
    /// address (web chat) for the per-address limit. Implementations without that limit need not override.</summary>
    Task<Reply> CheckAsync(string target, string? noticeId, IncomingMessage asker, CancellationToken ct = default) =>
        CheckAsync(target, noticeId, asker.UserId, asker.Address, ct);

    /// <summary><c>compare &lt;notice-id&gt;</c>: what changes for a client between the notice's current and test endpoints.</summary>
    /// <param name="includeDrafts">whether a draft notice may be compared (support only).</param>
    Task<Reply> CompareAsync(string noticeId, string userId, bool includeDrafts, CancellationToken ct = default) =>
        Task.FromResult(Reply.Plain("Comparing a notice's endpoints is not available here.", isPrivate: true));

    /// <summary>The same compare, asked by <paramref name="asker"/>: its network address (web chat) counts against
    /// the per-address limit too. Implementations without that limit need not override.</summary>
    Task<Reply> CompareAsync(string noticeId, IncomingMessage asker, bool includeDrafts, CancellationToken ct = default) =>
        CompareAsync(noticeId, asker.UserId, includeDrafts, ct);

    /// <summary><c>check</c> followed by a pasted PEM chain: judged offline, like <c>check --chain-file</c>.</summary>
    Task<Reply> CheckChainAsync(string pem, string? noticeId, string userId, CancellationToken ct = default) =>
        Task.FromResult(Reply.Plain("Checking a pasted chain is not available here.", isPrivate: true));

    /// <summary>The same paste, sent by <paramref name="asker"/>: its network address (web chat) counts against the
    /// per-address limit too. Implementations without that limit need not override.</summary>
    Task<Reply> CheckChainAsync(string pem, string? noticeId, IncomingMessage asker, CancellationToken ct = default) =>
        CheckChainAsync(pem, noticeId, asker.UserId, ct);
}
