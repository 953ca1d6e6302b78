using System.Collections.Concurrent;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.CutOvers;

/// <summary>
/// Cut-over detection (docs/checks.md#cut-over-detection). Run every minute (the <c>changebot-cut-over</c> job): for
/// each published notice with announced certificates and an endpoint with a <c>current</c> URL, while its window
/// (widened by <see cref="CutOverOptions.LeadTime"/> and <see cref="CutOverOptions.Trail"/>) is on, probes the
/// endpoint through the guarded <see cref="ChainChecker"/> at most every <see cref="CutOverOptions.Interval"/> and
/// records each switch to the announced chain (live) and back (rolled back) as a numbered observation. Every
/// observation owes one message to each conversation the notice was delivered to, reserved in the delivery
/// ledger under its sequence, so a re-run, a second instance or a crash between recording and reserving never
/// posts one twice nor loses it.
/// </summary>
public sealed partial class CutOverWatch(
    IChangeBotStore store,
    ChainChecker checker,
    DeliveryEngine engine,
    CutOverOptions options,
    ChecksOptions checks,
    TimeProvider time,
    ILogger<CutOverWatch> log)
{
    /// <summary>Observations whose messages this process has reserved; the first run after a start reserves
    /// every one again (the ledger keeps that idempotent), which is what repairs a crash mid-run.</summary>
    private readonly ConcurrentDictionary<string, bool> _reserved = new(StringComparer.Ordinal);

    /// <summary>Whether cut-over detection looks at <paramref name="notice"/> at <paramref name="now"/>.</summary>
    public bool IsWatched(Notice notice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.State is NoticeState.Published or NoticeState.InProgress or NoticeState.Completed
            && notice.Certificates is { } announced && (announced.Root is not null || announced.Intermediate is not null)
            && notice.WindowStart is { } start
            && now >= start - options.LeadTime && now <= (notice.WindowEnd ?? start) + options.Trail
            && Endpoints(notice).Any();
    }

    /// <summary>One pass over every notice; returns how many endpoints were probed.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var probed = 0;
        foreach (var notice in await store.ListNoticesAsync(ct))
        {
            if (!IsWatched(notice, time.GetUtcNow()))
            {
                continue;
            }

            try
            {
                probed += await WatchAsync(notice, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One notice's failure (a store hiccup) must not stop the others; the next run tries again.
                LogNoticeFailed(log, e, notice.Id);
            }
        }

        return probed;
    }

    private async Task<int> WatchAsync(Notice notice, CancellationToken ct)
    {
        var observations = (await store.ListCutOversAsync(notice.Id, ct)).ToList();
        var probed = 0;
        foreach (var endpoint in Endpoints(notice))
        {
            // Claimed in the store: successive runs of the job may land on different instances.
            var now = time.GetUtcNow();
            if (!await store.TryClaimCutOverProbeAsync(notice.Id, endpoint, now, options.Interval, ct))
            {
                continue;
            }

            probed++;
            if (await ProbeAsync(notice, endpoint, ct) is not { } announced)
            {
                continue;
            }

            var previous = observations.LastOrDefault(o => string.Equals(o.Endpoint, endpoint, StringComparison.Ordinal))?.State;
            CutOverState? next = announced
                ? previous is CutOverState.Live ? null : CutOverState.Live
                : previous is CutOverState.Live ? CutOverState.RolledBack : null;
            if (next is not { } state)
            {
                continue;
            }

            var observation = new CutOverObservation(notice.Id, (observations.Count == 0 ? 0 : observations.Max(o => o.Sequence)) + 1, endpoint, state, now);
            if (await store.TryAddCutOverAsync(observation, ct))
            {
                LogSwitched(log, notice.Id, endpoint, CutOverMessages.Word(state), observation.Sequence);
                observations.Add(observation);
            }
            else
            {
                // Another instance recorded this sequence first: take what it saw; the next probe decides again.
                observations = [.. await store.ListCutOversAsync(notice.Id, ct)];
            }
        }

        await ReserveMessagesAsync(notice, observations, ct);
        return probed;
    }

    /// <summary>True when the endpoint presents the announced chain, false when another, null when it could not be
    /// checked (down, refused by the guard, timed out): an outage is not a rollback.</summary>
    private async Task<bool?> ProbeAsync(Notice notice, string endpoint, CancellationToken ct)
    {
        if (!CheckTarget.TryParse(endpoint, out var target, out var problem))
        {
            LogProbeFailed(log, notice.Id, endpoint, problem);
            return null;
        }

        var result = await checker.CheckAsync(new CheckRequest(target) { Notice = new NoticeChain(notice.Id, notice.Certificates), Timeout = checks.Timeout }, ct);
        if (result.Verdict == CheckVerdict.Error)
        {
            LogProbeFailed(log, notice.Id, endpoint, string.Join("; ", result.Problems.Select(p => p.Message)));
            return null;
        }

        return result.Trust.Any(t => t.Store == "notice:" + notice.Id && t.Trusted);
    }

    private async Task ReserveMessagesAsync(Notice notice, IReadOnlyList<CutOverObservation> observations, CancellationToken ct)
    {
        var owed = observations.Where(o => !_reserved.ContainsKey(o.NoticeId + "|" + o.Sequence)).ToList();
        if (owed.Count == 0)
        {
            return;
        }

        var channels = await engine.BroadcastChannelsAsync(notice.Id, ct);
        var created = time.GetUtcNow();
        var deliveries = owed.SelectMany(o => channels.Select(channel => new Delivery
        {
            NoticeId = notice.Id,
            Revision = CutOverMessages.Revision,
            ChannelKey = channel,
            Kind = DeliveryKind.CutOver,
            Discriminator = CutOverMessages.Discriminator(o),
            CreatedAt = created,
        })).ToList();
        if (deliveries.Count > 0 && await store.TryReserveDeliveriesAsync(deliveries, ct) > 0)
        {
            engine.EnqueueDispatch(notice.Id);
        }

        foreach (var observation in owed)
        {
            _reserved[observation.NoticeId + "|" + observation.Sequence] = true;
        }
    }

    /// <summary>The notice's <c>current</c> endpoints, each once.</summary>
    private static IEnumerable<string> Endpoints(Notice notice) =>
        notice.Endpoints.Select(e => e.Current?.Trim()).OfType<string>().Where(c => c.Length > 0).Distinct(StringComparer.Ordinal);

    [LoggerMessage(CutOverEventIds.Switched, LogLevel.Information, "Cut-over of {NoticeId} on {Endpoint}: {State} (switch {Sequence})")]
    private static partial void LogSwitched(ILogger logger, string noticeId, string endpoint, string state, int sequence);

    [LoggerMessage(CutOverEventIds.ProbeFailed, LogLevel.Information, "Cut-over probe of {Endpoint} for {NoticeId} could not check it: {Reason}")]
    private static partial void LogProbeFailed(ILogger logger, string noticeId, string endpoint, string reason);

    [LoggerMessage(CutOverEventIds.NoticeFailed, LogLevel.Warning, "Cut-over detection for {NoticeId} failed; the next run tries again")]
    private static partial void LogNoticeFailed(ILogger logger, Exception error, string noticeId);
}
