using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Core.Checks;

/// <summary>A pasted PEM chain (chat <c>check</c> followed by the certificates; REST <c>{"chain": …}</c>): judged offline
/// like <c>check --chain-file</c>, with no network access, bounded by <see cref="ChainFile"/> (256 KiB, at most
/// 10 certificates) and counted against the caller's per-user limit like any check, and a web chat visitor's against
/// the per-address limit too.</summary>
public sealed partial class ChatCheckService
{
    /// <summary>How a pasted chain is named in results and errors.</summary>
    public const string PastedChainName = "pasted chain";

    /// <summary>Whether the text after <c>check</c> is a pasted certificate rather than an endpoint.</summary>
    public static bool IsPastedChain(string text) => text.Contains("-----BEGIN ", StringComparison.Ordinal);

    public Task<Reply> CheckChainAsync(string pem, string? noticeId, string userId, CancellationToken ct = default) =>
        CheckChainAsync(pem, noticeId, userId, null, ct);

    public Task<Reply> CheckChainAsync(string pem, string? noticeId, IncomingMessage asker, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(asker);
        return CheckChainAsync(pem, noticeId, asker.UserId, asker.ClientAddress, ct);
    }

    /// <param name="clientAddress">the web chat visitor's network address: a visitor gets a new user id with each
    /// conversation, so the per-user limit alone would not hold a paste loop back.</param>
    private async Task<Reply> CheckChainAsync(string pem, string? noticeId, string userId, string? clientAddress, CancellationToken ct)
    {
        var outcome = await RunChainAsync(pem, noticeId, userId, clientAddress, "chat", ct);
        return outcome.Refusal is { } refusal
            ? Reply.Plain(refusal.Message, isPrivate: true)
            : CheckReplyRenderer.Render(outcome.Result!, outcome.NoticeId, outcome.AnnouncedRoot);
    }

    /// <summary>Evaluates the chain unless it is not a readable chain (<see cref="CheckRefusalReason.BadTarget"/>, the
    /// message says what is wrong), the caller is over the limit or the notice is unknown.</summary>
    public Task<GuardedCheck> RunChainAsync(string pem, string? noticeId, string callerId, string surface, CancellationToken ct = default) =>
        RunChainAsync(pem, noticeId, callerId, null, surface, ct);

    private async Task<GuardedCheck> RunChainAsync(string pem, string? noticeId, string callerId, string? clientAddress, string surface, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pem);
        // Chat clients may wrap a paste in a code block; the backticks are not part of the PEM.
        var bytes = Encoding.UTF8.GetBytes(pem.Replace("`", "", StringComparison.Ordinal).Trim());
        IReadOnlyList<X509Certificate2> chain;
        try
        {
            chain = ChainFile.Read(PastedChainName, bytes);
        }
        catch (ChainFileException e)
        {
            return GuardedCheck.Refused(CheckRefusalReason.BadTarget, e.Message);
        }

        try
        {
            if (!limiter.TryAcquire(callerId, out var retryAfter))
            {
                return RateLimited(retryAfter);
            }

            if (clientAddress is { } address && !limiter.TryAcquireForAddress(address, out var addressRetryAfter))
            {
                return AddressLimited(addressRetryAfter);
            }

            NoticeChain? notice = null;
            string? announcedRoot = null;
            if (!string.IsNullOrWhiteSpace(noticeId))
            {
                if (await notices.GetNoticeAsync(noticeId, ct) is not { } found)
                {
                    return GuardedCheck.Refused(CheckRefusalReason.UnknownNotice,
                        $"I don't know a notice called '{noticeId}'. Say 'notices' to list them.");
                }

                notice = new NoticeChain(found.Id, found.Certificates);
                announcedRoot = found.Certificates?.Root?.Subject;
            }

            var result = checker.CheckChain(new CheckRequest(CheckTarget.ForFile(PastedChainName)) { Notice = notice }, chain, ct);
            Count(result, surface);
            return GuardedCheck.Ran(result, notice?.NoticeId, announcedRoot);
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }
}
