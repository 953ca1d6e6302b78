using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Watches;

/// <summary>
/// Delivers watch alerts through the delivery ledger, the way the delivery engine delivers notices
/// (docs/architecture.md#the-delivery-ledger): reserve under a unique key (the watch, the kind
/// <see cref="DeliveryKind.WatchAlert"/>, the alert's discriminator), start each attempt atomically, ask the
/// platform whether an earlier attempt arrived before sending again, record the message id. A re-run, a
/// second instance or a run resumed after a crash therefore posts each alert once. Alerts are top-level
/// messages, so there is no thread to wait for.
/// </summary>
public sealed partial class WatchAlerts(IChangeBotStore store, IEnumerable<IChatChannel> channels, TimeProvider time, ILogger<WatchAlerts> log)
{
    /// <summary>The notice id of a watch's ledger records; no notice id can start so (they are slugs).</summary>
    public const string LedgerPrefix = "watch:";

    private readonly Dictionary<string, IChatChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    public static string LedgerId(string watchId) => LedgerPrefix + watchId;

    /// <summary>Reserves each alert not reserved before; returns how many were new.</summary>
    public async Task<int> ReserveAsync(Watch watch, IReadOnlyList<string> discriminators, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(discriminators);
        if (discriminators.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        return await store.TryReserveDeliveriesAsync([.. discriminators.Select(d => new Delivery
        {
            NoticeId = LedgerId(watch.Id),
            Revision = 0,
            ChannelKey = watch.ChannelKey,
            Kind = DeliveryKind.WatchAlert,
            Discriminator = d,
            CreatedAt = now,
        })], ct);
    }

    /// <summary>Sends the watch's pending alerts; returns how many were sent.</summary>
    public async Task<int> SendPendingAsync(string watchId, CancellationToken ct = default)
    {
        var sent = 0;
        foreach (var delivery in await store.ListDeliveriesAsync(LedgerId(watchId), ct))
        {
            if (delivery.Status == DeliveryStatus.Pending && await SendOneAsync(delivery, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Sends every pending watch alert, e.g. those a crashed run reserved.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct = default)
    {
        var pending = await store.ListPendingDeliveriesAsync(time.GetUtcNow().AddSeconds(1), 10_000, ct);
        var sent = 0;
        foreach (var watchId in pending.Where(d => d.Kind == DeliveryKind.WatchAlert && d.NoticeId.StartsWith(LedgerPrefix, StringComparison.Ordinal))
            .Select(d => d.NoticeId[LedgerPrefix.Length..]).Distinct(StringComparer.Ordinal))
        {
            sent += await SendPendingAsync(watchId, ct);
        }

        return sent;
    }

    private async Task<bool> SendOneAsync(Delivery reserved, CancellationToken ct)
    {
        // Re-read: another worker may have sent it since the list was taken.
        var delivery = await store.GetDeliveryAsync(reserved.Key, ct);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending)
        {
            return false;
        }

        var watch = await store.GetWatchAsync(delivery.NoticeId[LedgerPrefix.Length..], ct);
        if (watch is null)
        {
            await FailAsync(delivery, "the watch was removed before its alert went out", ct);
            return false;
        }

        if (watch.State.CheckedAt is not { } checkedAt || checkedAt < delivery.CreatedAt)
        {
            // The run that reserved it died before storing what it found, so the text would describe the old
            // chain: the next run judges again (to this same key), stores the state, then sends.
            return false;
        }

        var address = ConversationAddress.Parse(delivery.ChannelKey);
        if (!_channels.TryGetValue(address.Platform, out var channel))
        {
            await FailAsync(delivery, $"the {address.Platform} adapter is not configured", ct);
            return false;
        }

        var earlierAttempt = delivery.Attempts > 0;
        if (!await store.TryStartAttemptAsync(delivery.Key, delivery.Attempts, ct))
        {
            return false; // another worker started this attempt: it sends, we must not
        }

        delivery = delivery with { Attempts = delivery.Attempts + 1 };
        SendResult result;
        try
        {
            // An earlier attempt may have reached the platform before its outcome was recorded.
            var found = earlierAttempt && channel is IDeliveryLookup lookup ? await lookup.FindSentAsync(address, delivery.Key, ct) : null;
            result = found is not null
                ? SendResult.Sent(found)
                : await channel.SendAsync(address, WatchAlertText.Compose(watch, delivery.Discriminator, time.GetUtcNow()) with { DeliveryKey = delivery.Key }, null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = SendResult.Transient(e.Message);
        }

        return await RecordAsync(delivery, result, ct);
    }

    private async Task<bool> RecordAsync(Delivery delivery, SendResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case SendStatus.Sent:
                await store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Sent, PlatformMessageId = result.MessageId, SentAt = time.GetUtcNow(), Error = null }, ct);
                ChangeBotTelemetry.CountDelivery(ConversationAddress.Parse(delivery.ChannelKey).Platform, "sent");
                return true;
            case SendStatus.ChannelGone or SendStatus.Rejected:
                await FailAsync(delivery, result.Error ?? result.Status.ToString(), ct);
                return false;
            default:
                if (delivery.Attempts >= DeliveryEngine.MaxAttempts || time.GetUtcNow() - delivery.CreatedAt >= DeliveryEngine.MaxPendingAge)
                {
                    await FailAsync(delivery, $"gave up after {delivery.Attempts} attempts: {result.Error}", ct);
                    return false;
                }

                await store.UpdateDeliveryAsync(delivery with { Error = result.Error }, ct);
                LogTransient(log, delivery.Key, result.Error);
                return false;
        }
    }

    private async Task FailAsync(Delivery delivery, string error, CancellationToken ct)
    {
        await store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Failed, Error = error }, ct);
        ChangeBotTelemetry.CountDelivery(ConversationAddress.Parse(delivery.ChannelKey).Platform, "failed");
        LogFailed(log, delivery.Key, error);
    }

    [LoggerMessage(WatchEventIds.AlertTransient, LogLevel.Information, "Watch alert {Key} failed for now ({Reason}); it stays pending and is retried")]
    private static partial void LogTransient(ILogger logger, string key, string? reason);

    [LoggerMessage(WatchEventIds.AlertFailed, LogLevel.Warning, "Watch alert {Key} could not be delivered: {Reason}")]
    private static partial void LogFailed(ILogger logger, string key, string reason);
}
