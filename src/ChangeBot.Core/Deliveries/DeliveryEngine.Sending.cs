using System.Globalization;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Deliveries;

/// <summary>One delivery's platform call and what it means for the ledger.</summary>
public sealed partial class DeliveryEngine
{
    /// <summary>How many failed deliveries one support alert lists by name; the rest are counted.</summary>
    private const int AlertListLimit = 10;

    private async Task<SendOutcome?> SendOneAsync(Notice notice, Delivery reserved, ThreadRoots roots, CancellationToken ct)
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
            return await FailAsync(delivery, DeliveryFailureKind.NoAdapter, $"the {address.Platform} adapter is not configured", ct);
        }

        string? thread = null;
        if (delivery.Kind != DeliveryKind.Broadcast && !roots.TryGet(delivery.ChannelKey, out thread))
        {
            // The original is not out yet: wait for it rather than post out of thread, unless it never will be.
            return roots.NeverDelivered(delivery.ChannelKey)
                ? await FailAsync(delivery, DeliveryFailureKind.NoThreadRoot, "the notice itself could not be delivered to this channel, so there is nothing to thread this under", ct)
                : time.GetUtcNow() - delivery.CreatedAt >= MaxPendingAge
                    ? await FailAsync(delivery, DeliveryFailureKind.NoThreadRoot, $"gave up: the notice's original message did not reach this channel within {Hours(MaxPendingAge)}", ct)
                    : null;
        }

        var earlierAttempt = delivery.Attempts > 0;
        if (!await store.TryStartAttemptAsync(delivery.Key, delivery.Attempts, ct))
        {
            // Another worker started this attempt since the re-read (possible only if the notice's dispatch
            // lock was lost, e.g. its database session dropped): it sends, we must not.
            return null;
        }

        delivery = delivery with { Attempts = delivery.Attempts + 1 };
        SendResult result;
        try
        {
            // An earlier attempt may have reached the platform before its outcome was recorded.
            var found = earlierAttempt && channel is IDeliveryLookup lookup ? await lookup.FindSentAsync(address, delivery.Key, ct) : null;
            result = found is not null
                ? SendResult.Sent(found)
                : await channel.SendAsync(address, DeliveryContent.Compose(notice, delivery, time.GetUtcNow()), thread, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = SendResult.Transient(ex.Message);
        }

        var outcome = await RecordAsync(notice, delivery, result, channel, address, thread, ct);
        if (outcome.Result != SendOutcomeKind.Failed)
        {
            // Failures are counted where they are recorded, including those that never reach the platform.
            ChangeBotTelemetry.CountDelivery(address.Platform, outcome.Result == SendOutcomeKind.Sent ? "sent" : "throttled");
        }

        return outcome;
    }

    private async Task<SendOutcome> RecordAsync(Notice notice, Delivery delivery, SendResult result, IChatChannel channel,
        ConversationAddress address, string? thread, CancellationToken ct)
    {
        switch (result.Status)
        {
            case SendStatus.Sent:
                await store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Sent, PlatformMessageId = result.MessageId, SentAt = time.GetUtcNow(), Error = null }, ct);
                if (delivery.Kind == DeliveryKind.StateChange && thread is not null)
                {
                    await EditOriginalAsync(channel, address, thread, notice, ct);
                }

                return new SendOutcome(SendOutcomeKind.Sent, delivery, null);
            case SendStatus.ChannelGone:
                await store.MarkChannelBrokenAsync(address, result.Error ?? "the platform refused the channel", ct);
                LogChannelGone(log, delivery.ChannelKey, result.Error);
                return await FailAsync(delivery, DeliveryFailureKind.ChannelGone, result.Error ?? "the platform refused the channel", ct);
            case SendStatus.Rejected:
                // Our message is at fault, not the channel: it stays subscribed and gets the next message.
                LogRejected(log, delivery.Key, result.Error);
                return await FailAsync(delivery, DeliveryFailureKind.Rejected, $"rejected by {address.Platform}: {result.Error}", ct);
            default:
                var age = time.GetUtcNow() - delivery.CreatedAt;
                if (delivery.Attempts >= MaxAttempts || (age >= MaxPendingAge && delivery.Attempts > 1))
                {
                    LogGaveUp(log, delivery.Key, delivery.Attempts, result.Error);
                    return await FailAsync(delivery, DeliveryFailureKind.GaveUp,
                        $"gave up after {delivery.Attempts.ToString(CultureInfo.InvariantCulture)} attempts over {Hours(age)}: {result.Error}", ct);
                }

                await store.UpdateDeliveryAsync(delivery with { Error = result.Error }, ct);
                LogTransient(log, delivery.Key, result.Error);
                return new SendOutcome(SendOutcomeKind.Retrying, delivery, result.Error);
        }
    }

    private async Task<SendOutcome> FailAsync(Delivery delivery, DeliveryFailureKind kind, string error, CancellationToken ct)
    {
        var failed = delivery with { Status = DeliveryStatus.Failed, Error = error, FailureKind = kind };
        await store.UpdateDeliveryAsync(failed, ct);
        ChangeBotTelemetry.CountDelivery(ConversationAddress.Parse(delivery.ChannelKey).Platform, "failed");
        return new SendOutcome(SendOutcomeKind.Failed, failed, error);
    }

    /// <summary>One alert per dispatch run, however many deliveries failed, so a bad message sent to a
    /// thousand channels does not bury support under a thousand alerts.</summary>
    private async Task AlertFailuresAsync(Notice notice, IReadOnlyList<SendOutcome> failed, CancellationToken ct)
    {
        if (failed.Count == 0)
        {
            return;
        }

        var lines = failed.OrderBy(f => f.Delivery.ChannelKey, StringComparer.Ordinal).Take(AlertListLimit)
            .Select(f => $"• {f.Delivery.ChannelKey} ({f.Delivery.Kind.ToString().ToLowerInvariant()}): {f.Error}");
        var more = failed.Count > AlertListLimit ? $"\n…and {(failed.Count - AlertListLimit).ToString(CultureInfo.InvariantCulture)} more." : "";
        await alerts.RaiseAsync(
            $"Delivery failed: {notice.Title}",
            $"{failed.Count.ToString(CultureInfo.InvariantCulture)} message(s) about {notice.Id} could not be delivered and will not be retried:\n"
                + string.Join('\n', lines) + more + $"\nSay 'readiness {notice.Id}' for every channel's state.",
            ct);
    }

    private static string Hours(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h" : $"{Math.Max(0, (int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min";

    [LoggerMessage(DeliveryEventIds.Rejected, LogLevel.Warning, "Delivery {Key} was rejected by the platform ({Reason}); it is recorded failed and not retried")]
    private static partial void LogRejected(ILogger logger, string key, string? reason);

    [LoggerMessage(DeliveryEventIds.GaveUp, LogLevel.Warning, "Delivery {Key} failed {Attempts} times ({Reason}); giving up")]
    private static partial void LogGaveUp(ILogger logger, string key, int attempts, string? reason);

    /// <summary>Per channel: the broadcast message that later messages thread under, and whether the broadcast
    /// failed for good (then nothing can thread under it).</summary>
    private sealed class ThreadRoots
    {
        private readonly Dictionary<string, string> _roots;
        private readonly HashSet<string> _neverDelivered;

        public ThreadRoots(IEnumerable<Delivery> deliveries)
        {
            var broadcasts = deliveries.Where(d => d.Kind == DeliveryKind.Broadcast).GroupBy(d => d.ChannelKey, StringComparer.Ordinal).ToList();
            _roots = broadcasts.Where(g => g.Any(d => d.PlatformMessageId is not null))
                .ToDictionary(g => g.Key, g => g.Where(d => d.PlatformMessageId is not null).OrderBy(d => d.Revision).First().PlatformMessageId!, StringComparer.Ordinal);
            _neverDelivered = broadcasts.Where(g => g.All(d => d.Status == DeliveryStatus.Failed)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        }

        public bool TryGet(string channelKey, out string? root) => _roots.TryGetValue(channelKey, out root);

        public bool NeverDelivered(string channelKey) => _neverDelivered.Contains(channelKey);
    }
}

internal enum SendOutcomeKind { Sent, Retrying, Failed }

/// <summary>What one attempt left in the ledger.</summary>
internal sealed record SendOutcome(SendOutcomeKind Result, Delivery Delivery, string? Error);
