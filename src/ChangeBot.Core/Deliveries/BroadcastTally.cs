namespace ChangeBot.Core.Deliveries;

/// <summary>
/// The running counts behind a <see cref="BroadcastProgress"/>: deliveries are added as they are stored and taken out
/// (in their stored state) when they change, so a store that sees every write can keep a notice's progress without
/// reading its ledger again. <see cref="BroadcastProgress.Of"/> counts with it too: one classification for all.
/// Not thread-safe.
/// </summary>
public sealed class BroadcastTally
{
    private readonly SortedSet<Delivery> _failures = new(FailureOrder);
    private int _sent, _pending, _throttled, _failed;

    /// <summary>Failures are listed by channel (ordinal), then kind, then creation and key (unique, so a total order).</summary>
    public static IComparer<Delivery> FailureOrder { get; } = Comparer<Delivery>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.ChannelKey, b.ChannelKey);
        c = c != 0 ? c : a.Kind.CompareTo(b.Kind);
        c = c != 0 ? c : a.CreatedAt.UtcTicks.CompareTo(b.CreatedAt.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    });

    /// <summary>Where a delivery counts: broadcast messages only; any other kind of message counts only as a failure.</summary>
    public static BroadcastStage? StageOf(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Kind != DeliveryKind.Broadcast)
        {
            return null;
        }

        return delivery.Status switch
        {
            DeliveryStatus.Sent => BroadcastStage.Sent,
            DeliveryStatus.Failed => BroadcastStage.Failed,
            // An attempt that left an error behind is waiting out a throttle or outage, not a first try.
            _ when delivery.Attempts > 0 && delivery.Error is not null => BroadcastStage.Throttled,
            _ => BroadcastStage.Pending,
        };
    }

    public void Add(Delivery delivery) => Count(delivery, +1);

    /// <summary>Takes out a delivery added before, as it was when added (the stored copy before a change).</summary>
    public void Remove(Delivery delivery) => Count(delivery, -1);

    public BroadcastProgress ToProgress(int maxFailures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFailures);
        return new BroadcastProgress(_sent, _pending, _throttled, _failed, [.. _failures.Take(maxFailures)])
        {
            FailuresTotal = _failures.Count,
        };
    }

    private void Count(Delivery delivery, int by)
    {
        switch (StageOf(delivery))
        {
            case BroadcastStage.Sent: _sent += by; break;
            case BroadcastStage.Pending: _pending += by; break;
            case BroadcastStage.Throttled: _throttled += by; break;
            case BroadcastStage.Failed: _failed += by; break;
        }

        if (delivery.Status == DeliveryStatus.Failed)
        {
            if (by > 0)
            {
                _failures.Add(delivery);
            }
            else
            {
                _failures.Remove(delivery);
            }
        }
    }
}

public enum BroadcastStage { Sent, Pending, Throttled, Failed }
