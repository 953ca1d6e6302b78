using System.Globalization;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Checks;

/// <summary>
/// <c>check &lt;target&gt; [for &lt;notice&gt;]</c> from chat (and the same for REST): per-user rate limit,
/// then the engine behind the SSRF guard, judged by the system store and the notice's announced chain.
/// </summary>
public sealed class ChatChecks(ChainChecker checker, CheckRateLimiter limiter, ChecksOptions options, INoticeStore? notices)
    : IChatChecks
{
    public const string Usage = "Usage: check <host[:port] | https-url> [for <notice-id>]";

    public async Task<Reply> CheckAsync(string target, string? noticeId, string userId, CancellationToken ct = default)
    {
        if (!CheckTarget.TryParse(target, out var parsed, out var error))
        {
            return Reply.Plain($"{error} {Usage}", isPrivate: true);
        }

        if (!limiter.TryAcquire(userId, out var retryAfter))
        {
            var when = retryAfter is { } after
                ? $"in {Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} s"
                : "in a minute";
            return Reply.Plain($"You have run {options.ChecksPerUser} checks recently; try again {when}.", isPrivate: true);
        }

        NoticeChain? notice = null;
        string? announcedRoot = null;
        if (!string.IsNullOrWhiteSpace(noticeId))
        {
            var found = notices is null ? null : await notices.GetNoticeAsync(noticeId, ct);
            if (found is null)
            {
                return Reply.Plain($"I don't know a notice called '{noticeId}'. Say 'notices' to list them.", isPrivate: true);
            }

            notice = new NoticeChain(found.Id, found.Certificates);
            announcedRoot = found.Certificates?.Root?.Subject;
        }

        var request = new CheckRequest(parsed) { Notice = notice, Timeout = options.Timeout };
        var result = await checker.CheckAsync(request, ct);
        return CheckReplyRenderer.Render(result, notice?.NoticeId, announcedRoot);
    }
}
