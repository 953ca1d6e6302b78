using System.Globalization;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Server-side checks, one guarded path for chat (<c>check &lt;target&gt; [for &lt;notice&gt;]</c>) and REST
/// (<c>POST /api/v1/checks</c>): parse the target, the per-caller rate limit, the notice lookup, then the
/// engine behind the SSRF guard, judged by the system store and the notice's announced chain. Every check
/// that runs is counted; one asked in a conversation for a notice is kept as that channel's last check.
/// </summary>
public sealed partial class ChatCheckService(
    ChainChecker checker,
    CheckRateLimiter limiter,
    ChecksOptions options,
    INoticeStore notices,
    IChannelCheckStore records,
    TimeProvider time,
    ILogger<ChatCheckService> log) : IChatChecks
{
    public const string Usage = "Usage: check <host[:port] | https-url> [for <notice-id>]";

    public Task<Reply> CheckAsync(string target, string? noticeId, string userId, CancellationToken ct = default) =>
        CheckAsync(target, noticeId, userId, null, ct);

    public Task<Reply> CheckAsync(string target, string? noticeId, string userId, ConversationAddress? conversation, CancellationToken ct = default) =>
        CheckAsync(new GuardedCheckRequest(target, noticeId, userId, "chat") { Conversation = conversation }, ct);

    public Task<Reply> CheckAsync(string target, string? noticeId, IncomingMessage asker, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(asker);
        return CheckAsync(new GuardedCheckRequest(target, noticeId, asker.UserId, "chat")
        {
            Conversation = asker.Address,
            ClientAddress = asker.ClientAddress,
        }, ct);
    }

    private async Task<Reply> CheckAsync(GuardedCheckRequest request, CancellationToken ct)
    {
        var outcome = await RunAsync(request, ct);
        return outcome.Refusal switch
        {
            { Reason: CheckRefusalReason.BadTarget } bad => Reply.Plain($"{bad.Message} {Usage}", isPrivate: true),
            { } refusal => Reply.Plain(refusal.Message, isPrivate: true),
            _ => CheckReplyRenderer.Render(outcome.Result!, outcome.NoticeId, outcome.AnnouncedRoot),
        };
    }

    /// <summary>Runs the check unless the target is malformed, the caller is over the limit or the notice is
    /// unknown; says which.</summary>
    public async Task<GuardedCheck> RunAsync(GuardedCheckRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!CheckTarget.TryParse(request.Target, out var parsed, out var error))
        {
            return GuardedCheck.Refused(CheckRefusalReason.BadTarget, error);
        }

        if (!limiter.TryAcquire(request.CallerId, out var retryAfter))
        {
            return RateLimited(retryAfter);
        }

        if (request.ClientAddress is { } address && !limiter.TryAcquireForAddress(address, out var addressRetryAfter))
        {
            return AddressLimited(addressRetryAfter);
        }

        NoticeChain? notice = null;
        string? announcedRoot = null;
        if (!string.IsNullOrWhiteSpace(request.NoticeId))
        {
            var found = await notices.GetNoticeAsync(request.NoticeId, ct);
            if (found is null)
            {
                return GuardedCheck.Refused(CheckRefusalReason.UnknownNotice,
                    $"I don't know a notice called '{request.NoticeId}'. Say 'notices' to list them.");
            }

            notice = new NoticeChain(found.Id, found.Certificates);
            announcedRoot = found.Certificates?.Root?.Subject;
        }

        using var running = limiter.TryEnterRunning();
        if (running is null)
        {
            return GuardedCheck.Refused(CheckRefusalReason.RateLimited,
                $"{options.MaxConcurrent} checks are running already; try again in a few seconds.", TimeSpan.FromSeconds(5));
        }

        var result = await checker.CheckAsync(new CheckRequest(parsed) { Notice = notice, Timeout = options.Timeout }, ct);
        Count(result, request.Surface);
        if (notice is not null && request.Conversation is { } conversation)
        {
            await KeepForReadinessAsync(result, notice.NoticeId, conversation, request.CallerId, ct);
        }

        return GuardedCheck.Ran(result, notice?.NoticeId, announcedRoot);
    }

    private GuardedCheck AddressLimited(TimeSpan? retryAfter) => GuardedCheck.Refused(CheckRefusalReason.RateLimited,
        $"{options.ChecksPerAddress} checks were run from your network address recently; try again {When(retryAfter)}.",
        retryAfter ?? options.RateLimitWindow);

    private static string When(TimeSpan? retryAfter) => retryAfter is { } after
        ? $"in {Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} s"
        : "in a minute";

    private GuardedCheck RateLimited(TimeSpan? retryAfter) => GuardedCheck.Refused(CheckRefusalReason.RateLimited,
        $"You have run {options.ChecksPerUser} checks recently; try again {When(retryAfter)}.", retryAfter ?? options.RateLimitWindow);

    private async Task KeepForReadinessAsync(CheckResult result, string noticeId, ConversationAddress conversation, string userId, CancellationToken ct)
    {
        var record = new ChannelCheck(noticeId, conversation.Key, userId, time.GetUtcNow(), result.Target, result.Verdict,
            [.. result.Problems.Select(p => p.Code).Distinct(StringComparer.Ordinal)]);
        try
        {
            await records.AddChannelCheckAsync(record, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The person still gets the result; readiness just misses this one.
            LogRecordFailed(log, e, conversation.Key, noticeId);
        }
    }

    /// <summary>Verdict <c>blocked</c> when the SSRF guard refused the target, so scanning attempts stand out.</summary>
    private static void Count(CheckResult result, string surface)
    {
        var verdict = result.Problems.Any(p => p.Code == ProblemCodes.BlockedAddress) ? "blocked" : CheckWords.Verdict(result.Verdict);
        ChangeBotTelemetry.Checks.Add(1,
            new KeyValuePair<string, object?>("verdict", verdict),
            new KeyValuePair<string, object?>("surface", surface));
    }

    [LoggerMessage(CheckEventIds.RecordFailed, LogLevel.Warning, "Could not keep the check in {Channel} for {NoticeId} for readiness")]
    private static partial void LogRecordFailed(ILogger logger, Exception error, string channel, string noticeId);
}
