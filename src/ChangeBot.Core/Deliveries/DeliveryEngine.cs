using ChangeBot.Core.Notices;
using ChangeBot.Core.Scheduling;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// Sends what the ledger says is owed. Every message is first reserved in the ledger under a unique
/// key (notice, revision, channel, kind, discriminator), then sent, then recorded with the platform's
/// message id, so a re-run job, a second instance or a restart finds the record and does not post again.
/// </summary>
/// <remarks>
/// The window left: the platform accepted a message but its answer was lost (timeout, crash) before the
/// record was updated. The record then shows an attempt without a message id. Before sending again the
/// engine asks adapters that implement <see cref="IDeliveryLookup"/> whether a message carrying the
/// delivery key exists (Slack message metadata, Direct Line activity ids) and records it instead of
/// posting twice. A platform with no such lookup gets the message again: at least once, never zero.
/// Each attempt is started atomically in the ledger (<c>TryStartAttemptAsync</c>), so two workers that read
/// the same pending record never both send it; if the notice's dispatch lock is ever lost mid-broadcast, a
/// second worker can still start the *next* attempt of a message whose first is in flight, and then relies
/// on that lookup like any retry.
/// </remarks>
public sealed partial class DeliveryEngine(
    IChangeBotStore store,
    IEnumerable<IChatChannel> channels,
    IJobScheduler jobs,
    TimeProvider time,
    ILogger<DeliveryEngine> log,
    SupportAlerts alerts)
{
    /// <summary>How many platform calls run at once; the adapters' own limiters pace each platform.</summary>
    public const int MaxParallelSends = 16;

    /// <summary>
    /// A delivery the platform keeps failing transiently is given up (recorded failed, support alerted) after
    /// this many attempts. The sweep resumes pending deliveries about once a minute (a little more often with
    /// several instances sweeping), so 60 failures in a row is roughly an hour of the platform answering
    /// errors for this message: long enough to ride out a short outage or a burst of throttling, short
    /// enough that a misconfiguration or a long outage reaches a person the same hour instead of being
    /// retried silently forever.
    /// </summary>
    public const int MaxAttempts = 60;

    /// <summary>
    /// A delivery still failing this long after it was reserved is given up before <see cref="MaxAttempts"/>
    /// (long Retry-After waits space attempts out), and a message waiting to thread under an original that
    /// never went out is given up then too. A delivery that was never tried is still tried once however late:
    /// a server that was down for a day delivers what it owed (docs/architecture.md#the-delivery-ledger). A day covers any platform outage
    /// worth waiting for; by then the next reminder is due anyway.
    /// </summary>
    public static readonly TimeSpan MaxPendingAge = TimeSpan.FromHours(24);

    private readonly Dictionary<string, IChatChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    /// <summary>One dispatch per notice at a time in this process; across processes the job runner holds
    /// the notice's dispatch lock (a PostgreSQL advisory lock at scale). Without it two runs could both see a
    /// record pending and send.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _dispatching = new(StringComparer.Ordinal);

    /// <summary>Channels whose subscriptions match the notice and are not broken, one entry per channel.</summary>
    public async Task<IReadOnlyList<string>> MatchingChannelsAsync(Notice notice, CancellationToken ct = default)
    {
        var subscriptions = await store.ListSubscriptionsAsync(null, ct);
        return [.. subscriptions.Where(s => !s.IsBroken && s.Matches(notice)).Select(s => s.Address.Key).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Channels the notice was broadcast to (sent or still pending), whatever the revision.</summary>
    public async Task<IReadOnlyList<string>> BroadcastChannelsAsync(string noticeId, CancellationToken ct = default)
    {
        var deliveries = await store.ListDeliveriesAsync(noticeId, ct);
        return [.. deliveries.Where(d => d.Kind == DeliveryKind.Broadcast && d.Status != DeliveryStatus.Failed)
            .Select(d => d.ChannelKey).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Reserves one delivery per channel, in one batch; returns how many were new.</summary>
    public async Task<int> ReserveAsync(Notice notice, DeliveryKind kind, string discriminator, IEnumerable<string> channelKeys, CancellationToken ct = default) =>
        await store.TryReserveDeliveriesAsync(Owed(notice, kind, discriminator, channelKeys), ct);

    /// <summary>The records of one message per channel, not yet reserved (the caller writes them, e.g. with its notice change).</summary>
    public IReadOnlyList<Delivery> Owed(Notice notice, DeliveryKind kind, string discriminator, IEnumerable<string> channelKeys)
    {
        var now = time.GetUtcNow();
        return [.. channelKeys.Select(channel => new Delivery
        {
            NoticeId = notice.Id,
            Revision = notice.Revision,
            ChannelKey = channel,
            Kind = kind,
            Discriminator = discriminator,
            CreatedAt = now,
        })];
    }

    /// <summary>Hands the notice's pending deliveries to a worker.</summary>
    public void EnqueueDispatch(string noticeId) => jobs.EnqueueDispatch(noticeId);

    /// <summary>Reserves and hands the sending to a worker.</summary>
    public async Task<int> ReserveAndEnqueueAsync(Notice notice, DeliveryKind kind, string discriminator, IEnumerable<string> channelKeys, CancellationToken ct = default)
    {
        var created = await ReserveAsync(notice, kind, discriminator, channelKeys, ct);
        jobs.EnqueueDispatch(notice.Id);
        return created;
    }

    /// <summary>
    /// Puts a failed delivery whose failure a retry may fix (<see cref="DeliveryFailures.IsRetryable"/>) back in
    /// line and hands the notice to a worker. Its attempt count is kept, so the engine first asks the platform
    /// for a copy an earlier attempt may have posted, and one more transient failure gives it up again instead
    /// of retrying for another hour. False when the delivery does not exist, is not failed, or cannot be helped.
    /// </summary>
    public async Task<bool> RetryAsync(string deliveryKey, CancellationToken ct = default)
    {
        if (await store.GetDeliveryAsync(deliveryKey, ct) is not { Status: DeliveryStatus.Failed } failed
            || !DeliveryFailures.IsRetryable(failed.FailureKind))
        {
            return false;
        }

        await store.UpdateDeliveryAsync(failed with { Status = DeliveryStatus.Pending, Error = null, FailureKind = null }, ct);
        jobs.EnqueueDispatch(failed.NoticeId);
        return true;
    }

    /// <summary>Sends every pending delivery of a notice: broadcasts first, so updates can thread under them.</summary>
    public async Task<DispatchSummary> DispatchAsync(string noticeId, CancellationToken ct = default)
    {
        using var activity = ChangeBotTelemetry.Activities.StartActivity("dispatch");
        activity?.SetTag("changebot.notice", noticeId);
        var gate = _dispatching.GetOrAdd(noticeId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await DispatchLockedAsync(noticeId, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<DispatchSummary> DispatchLockedAsync(string noticeId, CancellationToken ct)
    {
        var notice = await store.GetNoticeAsync(noticeId, ct);
        if (notice is null || notice.State == NoticeState.Draft)
        {
            // A draft owes nothing: publishing reserves its broadcast with the state change (NoticeOperations).
            return new DispatchSummary(0, 0, 0);
        }

        var all = await store.ListDeliveriesAsync(noticeId, ct);
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<SendOutcome>();
        foreach (var wave in new[] { true, false })
        {
            var roots = new ThreadRoots(await store.ListDeliveriesAsync(noticeId, ct));
            var pending = DeliveryOrder.AcrossWorkspaces(all.Where(d => d.Status == DeliveryStatus.Pending && (d.Kind == DeliveryKind.Broadcast) == wave));
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = ct },
                async (delivery, token) =>
                {
                    if (await SendOneAsync(notice, delivery, roots, token) is { } outcome)
                    {
                        outcomes.Add(outcome);
                    }
                });
        }

        await AlertFailuresAsync(notice, [.. outcomes.Where(o => o.Result == SendOutcomeKind.Failed)], ct);
        return DispatchSummary.Of(outcomes);
    }

    private async Task EditOriginalAsync(IChatChannel channel, ConversationAddress address, string messageId, Notice notice, CancellationToken ct)
    {
        try
        {
            await channel.UpdateAsync(address, messageId, DeliveryContent.NoticeCard(notice), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The threaded message already told them; a stale card is cosmetic.
            LogEditFailed(log, address.Key, ex.Message);
        }
    }

    [LoggerMessage(DeliveryEventIds.ChannelGone, LogLevel.Warning, "Channel {Channel} can no longer be posted to ({Reason}); its subscriptions are marked broken")]
    private static partial void LogChannelGone(ILogger logger, string channel, string? reason);

    [LoggerMessage(DeliveryEventIds.Transient, LogLevel.Information, "Delivery {Key} failed for now ({Reason}); it stays pending and is retried")]
    private static partial void LogTransient(ILogger logger, string key, string? reason);

    [LoggerMessage(DeliveryEventIds.EditFailed, LogLevel.Information, "Could not edit the original message in {Channel}: {Reason}")]
    private static partial void LogEditFailed(ILogger logger, string channel, string reason);
}

/// <summary>Counts of one dispatch run: sent, failed for good, and still pending for another try.</summary>
public sealed record DispatchSummary(int Sent, int Failed, int Retrying)
{
    internal static DispatchSummary Of(IReadOnlyCollection<SendOutcome> outcomes) => new(
        outcomes.Count(o => o.Result == SendOutcomeKind.Sent),
        outcomes.Count(o => o.Result == SendOutcomeKind.Failed),
        outcomes.Count(o => o.Result == SendOutcomeKind.Retrying));
}
