using System.Globalization;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Conversations;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Watches;

/// <summary>The chat side of endpoint watches: <c>watch</c>, <c>watches</c>, <c>unwatch</c>.</summary>
public interface IWatchCommands
{
    Task<Reply> WatchAsync(IncomingMessage message, string endpoint, string? store, CancellationToken ct = default);

    Task<Reply> ListAsync(IncomingMessage message, CancellationToken ct = default);

    Task<Reply> UnwatchAsync(IncomingMessage message, string endpoint, CancellationToken ct = default);
}

/// <summary>
/// Anyone in a channel may watch an endpoint for it (it is the customer's own). Registration runs one guarded
/// check, under the same per-user rate limit as <c>check</c>: a blocked address is refused with the check's
/// customer wording (no resolved address), and what the check found is the baseline later runs compare with.
/// A web chat ends with its tab, so it cannot be alerted later: it is pointed to Slack or Teams.
/// </summary>
public sealed partial class WatchCommands(
    IWatchStore watches,
    WatchRunner runner,
    CheckRateLimiter limiter,
    ChecksOptions checks,
    WatchOptions options,
    TimeProvider time,
    ILogger<WatchCommands> log) : IWatchCommands
{
    public async Task<Reply> WatchAsync(IncomingMessage message, string endpoint, string? store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.EndsWithVisit)
        {
            return Reply.Plain("I can't watch endpoints from this web chat: it ends when you close the tab, so there would be nobody to alert. "
                + "Say 'watch " + endpoint + "' in a Slack channel or a Teams conversation where I am, and I'll post alerts there.", isPrivate: true);
        }

        if (!WatchEndpoint.TryNormalize(endpoint, out var normalized, out var error))
        {
            return Reply.Plain($"{error} Usage: {ChatCommands.Find(ChatCommands.Watch)!.Usage}", isPrivate: true);
        }

        var existing = await watches.ListWatchesAsync(message.Address.Key, ct);
        if (existing.FirstOrDefault(w => w.Endpoint == normalized) is { } twin)
        {
            return Reply.Plain($"This channel already watches {normalized} ({WatchJudge.StoreName(twin.Store)}). To change the store, say 'unwatch {normalized}' and watch it again.", isPrivate: true);
        }

        if (existing.Count >= options.MaxPerChannel)
        {
            return Full(normalized);
        }

        if (!limiter.TryAcquire(message.UserId, out _))
        {
            return Reply.Plain($"You have run {checks.ChecksPerUser} checks recently, and watching an endpoint checks it; try again in a minute.", isPrivate: true);
        }

        CheckResult result;
        using (var running = limiter.TryEnterRunning())
        {
            if (running is null)
            {
                return Reply.Plain($"{checks.MaxConcurrent} checks are running already; try again in a few seconds.", isPrivate: true);
            }

            result = await runner.CheckAsync(normalized, ct);
        }

        if (result.Problems.FirstOrDefault(p => p.Code == ProblemCodes.BlockedAddress) is { } blocked)
        {
            LogRefused(log, message.Address.Key, "blocked address");
            return Reply.Plain($"{blocked.Message} So I will not watch it.", isPrivate: true);
        }

        if (result.Problems.FirstOrDefault(p => p.Code == ProblemCodes.DnsFailed) is { } unknown)
        {
            // A mistyped name would otherwise be watched, and reported unreachable, forever.
            return Reply.Plain($"{unknown.Message} Check the name; I have not added a watch.", isPrivate: true);
        }

        var now = time.GetUtcNow();
        var watch = new Watch
        {
            Id = Guid.NewGuid().ToString("N"),
            ChannelKey = message.Address.Key,
            Endpoint = normalized,
            Store = store,
            CreatedBy = message.UserId,
            CreatedAt = now,
        };
        watch = watch with { State = WatchJudge.Judge(watch, result, now, options).State };
        switch (await watches.AddWatchAsync(watch, options.MaxPerChannel, ct))
        {
            case WatchAddResult.AlreadyWatched:
                return Reply.Plain($"This channel already watches {normalized}.", isPrivate: true);
            case WatchAddResult.ChannelFull:
                return Full(normalized);
        }

        var found = result.Chain.Count == 0
            ? $"I could not reach it just now ({watch.State.LastError}); I'll keep trying daily and tell you here if it stays unreachable."
            : $"Now: {watch.State.Summary}.";
        return Reply.Plain($"Watching {normalized} for this channel. {found} I'll post here {Thresholds()} days before its certificate expires, "
            + $"if its issuer or root changes, and if it stops verifying in {WatchJudge.StoreName(store)}. "
            + $"Say 'watches' to see them all, 'unwatch {normalized}' to stop.");
    }

    public async Task<Reply> ListAsync(IncomingMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var list = await watches.ListWatchesAsync(message.Address.Key, ct);
        if (list.Count == 0)
        {
            return Reply.Plain("This channel watches no endpoints. Say 'watch api.example.com' to have me check one daily and alert here.");
        }

        var now = time.GetUtcNow();
        var lines = list.Select(w =>
            $"• {w.Endpoint}{(w.Store is null ? "" : $" (store {w.Store})")}: "
            + (w.State.CheckedAt is { } at ? $"{w.State.Summary}, checked {TimeMarkup.Mark(at)}" : "not checked yet")
            + $"; next alert: {NextAlert(w, now)}");
        return Reply.Plain($"This channel watches {Plural(list.Count, "endpoint")} (at most {options.MaxPerChannel.ToString(CultureInfo.InvariantCulture)}):\n"
            + string.Join('\n', lines));
    }

    public async Task<Reply> UnwatchAsync(IncomingMessage message, string endpoint, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!WatchEndpoint.TryNormalize(endpoint, out var normalized, out var error))
        {
            return Reply.Plain($"{error} Usage: {ChatCommands.Find(ChatCommands.Unwatch)!.Usage}", isPrivate: true);
        }

        return await watches.RemoveWatchAsync(message.Address.Key, normalized, ct)
            ? Reply.Plain($"Stopped watching {normalized}; I won't post about it here any more.")
            : Reply.Plain($"This channel does not watch {normalized}, so nothing changed. Say 'watches' to see what it watches.", isPrivate: true);
    }

    /// <summary>The nearest threshold still ahead, as a date; expiry itself when none is.</summary>
    private string NextAlert(Watch watch, DateTimeOffset now)
    {
        if (watch.State.NotAfter is not { } notAfter)
        {
            return "after the first successful check";
        }

        var daysLeft = (notAfter - now).TotalDays;
        if (daysLeft <= 0)
        {
            return "the certificate has expired";
        }

        var next = options.Thresholds.Where(t => t < daysLeft).DefaultIfEmpty(0).Max();
        return next > 0
            ? $"{next.ToString(CultureInfo.InvariantCulture)} days before expiry, {TimeMarkup.Mark(notAfter.AddDays(-next))}"
            : $"at expiry, {TimeMarkup.Mark(notAfter)}";
    }

    private Reply Full(string endpoint)
    {
        return Reply.Plain($"This channel already watches {options.MaxPerChannel.ToString(CultureInfo.InvariantCulture)} endpoints, the most one channel may, "
            + $"so I have not added {endpoint}. Say 'unwatch <endpoint>' for one you no longer need, then watch this one.", isPrivate: true);
    }

    private string Thresholds() => string.Join(", ", options.Thresholds.Order().Reverse().Select(t => t.ToString(CultureInfo.InvariantCulture)));

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";

    [LoggerMessage(WatchEventIds.Refused, LogLevel.Information, "Watch in {Channel} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, string reason);
}
