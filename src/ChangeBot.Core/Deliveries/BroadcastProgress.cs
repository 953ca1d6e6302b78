using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// How far a notice's broadcast has got, for support watching a fan-out: the broadcast messages sent, waiting
/// for their first attempt, waiting after the platform throttled or failed them for now, and failed for good;
/// and the failures of every kind of message with their reasons, at most <see cref="MaxFailuresListed"/>
/// (ordered by <see cref="BroadcastTally.FailureOrder"/>).
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

    /// <summary>The store's own count (<see cref="IBroadcastProgressStore"/>): no read of every delivery.</summary>
    public static Task<BroadcastProgress> OfAsync(IBroadcastProgressStore store, string noticeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.CountProgressAsync(noticeId, MaxFailuresListed, ct);
    }

    /// <summary>The progress the deliveries of one notice show; what every <see cref="IBroadcastProgressStore"/> answers.</summary>
    public static BroadcastProgress Of(IEnumerable<Delivery> deliveries, int maxFailures = MaxFailuresListed)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var tally = new BroadcastTally();
        foreach (var d in deliveries)
        {
            tally.Add(d);
        }

        return tally.ToProgress(maxFailures);
    }
}
