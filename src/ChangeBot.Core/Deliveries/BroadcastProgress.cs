using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// How far a notice's broadcast has got, for support watching a fan-out: the broadcast messages sent, waiting
/// for their first attempt, waiting after the platform throttled or failed them for now, and failed for good;
/// and the failures of every kind of message with their reasons, at most <see cref="MaxFailuresListed"/>.
/// </summary>
public sealed record BroadcastProgress(int Sent, int Pending, int Throttled, int Failed, IReadOnlyList<Delivery> Failures)
{
    /// <summary>Failures listed by name; a thousand failed channels are counted, not all shown.</summary>
    public const int MaxFailuresListed = 500;

    public int Total => Sent + Pending + Throttled + Failed;

    /// <summary>Nothing is waiting any more: every broadcast message was sent or failed for good.</summary>
    public bool Done => Pending == 0 && Throttled == 0;

    /// <summary>All failures of the notice's deliveries, not only those shown.</summary>
    public int FailuresTotal { get; init; }

    public static async Task<BroadcastProgress> OfAsync(IDeliveryLedger ledger, string noticeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return Of(await ledger.ListDeliveriesAsync(noticeId, ct));
    }

    public static BroadcastProgress Of(IReadOnlyList<Delivery> deliveries)
    {
        int sent = 0, pending = 0, throttled = 0, failed = 0;
        foreach (var d in deliveries)
        {
            if (d.Kind != DeliveryKind.Broadcast)
            {
                continue;
            }

            switch (d.Status)
            {
                case DeliveryStatus.Sent: sent++; break;
                case DeliveryStatus.Failed: failed++; break;
                // An attempt that left an error behind is waiting out a throttle or outage, not a first try.
                case DeliveryStatus.Pending when d.Attempts > 0 && d.Error is not null: throttled++; break;
                default: pending++; break;
            }
        }

        var failures = deliveries.Where(d => d.Status == DeliveryStatus.Failed).ToList();
        return new BroadcastProgress(sent, pending, throttled, failed,
            [.. failures.OrderBy(d => d.ChannelKey, StringComparer.Ordinal).ThenBy(d => d.Kind).Take(MaxFailuresListed)])
        {
            FailuresTotal = failures.Count,
        };
    }
}
