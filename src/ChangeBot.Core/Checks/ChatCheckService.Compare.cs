using System.Globalization;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Checks;

/// <summary><c>compare &lt;notice&gt;</c> in chat: the CLI's comparison (<see cref="NoticeComparison"/>) behind the same
/// guard as chat checks: the SSRF guard of the checker, one per-user permit per probe, one running slot, and at most
/// <see cref="MaxComparedEndpoints"/> endpoints.</summary>
public sealed partial class ChatCheckService
{
    /// <summary>Endpoints one chat compare probes (two handshakes each); a notice naming more gets the first ones.</summary>
    public const int MaxComparedEndpoints = 3;

    public Task<Reply> CompareAsync(string noticeId, string userId, bool includeDrafts, CancellationToken ct = default) =>
        CompareAsync(noticeId, userId, null, includeDrafts, ct);

    public Task<Reply> CompareAsync(string noticeId, IncomingMessage asker, bool includeDrafts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(asker);
        return CompareAsync(noticeId, asker.UserId, asker.ClientAddress, includeDrafts, ct);
    }

    /// <param name="clientAddress">the web chat visitor's network address: a visitor gets a new user id with each
    /// conversation, so the per-user limit alone would not hold a compare loop back.</param>
    private async Task<Reply> CompareAsync(string noticeId, string userId, string? clientAddress, bool includeDrafts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(noticeId);
        var notice = await notices.GetNoticeAsync(noticeId, ct);
        if (notice is null || (notice.State == NoticeState.Draft && !includeDrafts))
        {
            return Reply.Plain($"I don't know a notice called '{noticeId}'. Say 'notices' to list them.", isPrivate: true);
        }

        var pairs = NoticeComparison.Pairs(notice);
        if (pairs.Count == 0)
        {
            return Reply.Plain(NoticeComparison.NoPairs(noticeId), isPrivate: true);
        }

        var compared = pairs.Take(MaxComparedEndpoints).ToList();
        for (var i = 0; i < compared.Count * 2; i++)
        {
            if (!limiter.TryAcquire(userId, out _))
            {
                return Reply.Plain($"Comparing {compared.Count} endpoint(s) takes {compared.Count * 2} checks, more than you have left "
                    + $"of {options.ChecksPerUser} a minute; try again in a minute.", isPrivate: true);
            }

            if (clientAddress is { } address && !limiter.TryAcquireForAddress(address, out _))
            {
                return Reply.Plain($"Comparing {compared.Count} endpoint(s) takes {compared.Count * 2} checks, more than your network "
                    + $"address has left of {options.ChecksPerAddress} a minute; try again in a minute.", isPrivate: true);
            }
        }

        using var running = limiter.TryEnterRunning();
        if (running is null)
        {
            return Reply.Plain($"{options.MaxConcurrent} checks are running already; try again in a few seconds.", isPrivate: true);
        }

        var sections = new List<ReplySection>();
        foreach (var endpoint in compared)
        {
            var comparison = await NoticeComparison.CompareAsync(checker, endpoint, options.Timeout, ct);
            foreach (var result in new[] { comparison.Current, comparison.Test }.OfType<CheckResult>())
            {
                Count(result, "chat");
            }

            sections.Add(new ReplySection(endpoint.Name, comparison.Render()));
        }

        var skipped = pairs.Count - compared.Count;
        return new Reply
        {
            Title = $"Compare: {notice.Title}",
            NoticeId = notice.Id,
            Text = "What changes for a client when each endpoint moves from its current chain to the one on its test URL."
                + (skipped > 0 ? $" The notice names {pairs.Count.ToString(CultureInfo.InvariantCulture)} such endpoints; I compared the first {MaxComparedEndpoints}." : ""),
            Sections = sections,
        };
    }
}
