using ChangeBot.Core.Notices;
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
/// </remarks>
public sealed partial class DeliveryEngine(
    IChangeBotStore store,
    IEnumerable<IChatChannel> channels,
    IJobScheduler jobs,
    TimeProvider time,
    ILogger<DeliveryEngine> log)
{
    /// <summary>How many platform calls run at once; the adapters' own limiters pace each platform.</summary>
    public const int MaxParallelSends = 16;

    private readonly Dictionary<string, IChatChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    /// <summary>One dispatch per notice at a time in this process; across processes the job runner holds
    /// the job storage's distributed lock. Without it two runs could both see a record pending and send.</summary>
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

    /// <summary>Reserves one delivery per channel; returns how many were new.</summary>
    public async Task<int> ReserveAsync(Notice notice, DeliveryKind kind, string discriminator, IEnumerable<string> channelKeys, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var created = 0;
        foreach (var channel in channelKeys)
        {
            var delivery = new Delivery
            {
                NoticeId = notice.Id,
                Revision = notice.Revision,
                ChannelKey = channel,
                Kind = kind,
                Discriminator = discriminator,
                CreatedAt = now,
            };
            if (await store.TryReserveDeliveryAsync(delivery, ct))
            {
                created++;
            }
        }

        return created;
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
            // Records reserved by a publish that never completed stay pending until it does.
            return new DispatchSummary(0, 0, 0);
        }

        var all = await store.ListDeliveriesAsync(noticeId, ct);
        var summary = new DispatchSummary(0, 0, 0);
        foreach (var wave in new[] { true, false })
        {
            var threads = ThreadRoots(await store.ListDeliveriesAsync(noticeId, ct));
            var pending = DeliveryOrder.AcrossWorkspaces(all.Where(d => d.Status == DeliveryStatus.Pending && (d.Kind == DeliveryKind.Broadcast) == wave));
            var results = new System.Collections.Concurrent.ConcurrentBag<SendStatus?>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = ct },
                async (delivery, token) => results.Add(await SendOneAsync(notice, delivery, threads, token)));
            summary = summary.Add(results);
        }

        return summary;
    }

    /// <summary>The broadcast message id per channel, which updates, reminders and state changes thread under.</summary>
    private static Dictionary<string, string> ThreadRoots(IEnumerable<Delivery> deliveries) =>
        deliveries.Where(d => d.Kind == DeliveryKind.Broadcast && d.PlatformMessageId is not null)
            .GroupBy(d => d.ChannelKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.Revision).First().PlatformMessageId!, StringComparer.Ordinal);

    private async Task<SendStatus?> SendOneAsync(Notice notice, Delivery reserved, IReadOnlyDictionary<string, string> threads, CancellationToken ct)
    {
        // Re-read: another worker may have sent it since the list was taken.
        var delivery = await store.GetDeliveryAsync(reserved.Key, ct);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending)
        {
            return null;
        }

        var address = ConversationAddress.Parse(delivery.ChannelKey);
        if (!_channels.TryGetValue(address.Platform, out var channel))
        {
            await store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Failed, Error = $"the {address.Platform} adapter is not configured" }, ct);
            return SendStatus.ChannelGone;
        }

        string? thread = null;
        if (delivery.Kind != DeliveryKind.Broadcast && !threads.TryGetValue(delivery.ChannelKey, out thread))
        {
            // The original is not out yet (or never will be): wait for it rather than post out of thread.
            return null;
        }

        var now = time.GetUtcNow();
        var earlierAttempt = delivery.Attempts > 0;
        delivery = delivery with { Attempts = delivery.Attempts + 1 };
        await store.UpdateDeliveryAsync(delivery, ct);
        SendResult result;
        try
        {
            // An earlier attempt may have reached the platform before its outcome was recorded.
            var found = earlierAttempt && channel is IDeliveryLookup lookup ? await lookup.FindSentAsync(address, delivery.Key, ct) : null;
            result = found is not null
                ? SendResult.Sent(found)
                : await channel.SendAsync(address, DeliveryContent.Compose(notice, delivery, now), thread, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = SendResult.Transient(ex.Message);
        }

        ChangeBotTelemetry.CountDelivery(address.Platform, result.Status switch
        {
            SendStatus.Sent => "sent",
            SendStatus.ChannelGone => "failed",
            _ => "throttled",
        });
        switch (result.Status)
        {
            case SendStatus.Sent:
                await store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Sent, PlatformMessageId = result.MessageId, SentAt = time.GetUtcNow(), Error = null }, ct);
                if (delivery.Kind == DeliveryKind.StateChange && thread is not null)
                {
                    await EditOriginalAsync(channel, address, thread, notice, ct);
                }

                break;
            case SendStatus.ChannelGone:
                await store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Failed, Error = result.Error }, ct);
                await store.MarkChannelBrokenAsync(address, result.Error ?? "the platform refused the channel", ct);
                LogChannelGone(log, delivery.ChannelKey, result.Error);
                break;
            default:
                await store.UpdateDeliveryAsync(delivery with { Error = result.Error }, ct);
                LogTransient(log, delivery.Key, result.Error);
                break;
        }

        return result.Status;
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

    [LoggerMessage(1, LogLevel.Warning, "Channel {Channel} can no longer be posted to ({Reason}); its subscriptions are marked broken")]
    private static partial void LogChannelGone(ILogger logger, string channel, string? reason);

    [LoggerMessage(2, LogLevel.Information, "Delivery {Key} failed for now ({Reason}); it stays pending and is retried")]
    private static partial void LogTransient(ILogger logger, string key, string? reason);

    [LoggerMessage(3, LogLevel.Information, "Could not edit the original message in {Channel}: {Reason}")]
    private static partial void LogEditFailed(ILogger logger, string channel, string reason);
}

/// <summary>Counts of one dispatch run.</summary>
public sealed record DispatchSummary(int Sent, int Failed, int Retrying)
{
    internal DispatchSummary Add(IEnumerable<SendStatus?> results)
    {
        var list = results.Where(r => r is not null).ToList();
        return new DispatchSummary(
            Sent + list.Count(r => r == SendStatus.Sent),
            Failed + list.Count(r => r == SendStatus.ChannelGone),
            Retrying + list.Count(r => r == SendStatus.Transient));
    }
}
