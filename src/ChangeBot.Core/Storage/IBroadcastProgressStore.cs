using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Storage;

/// <summary>
/// A notice's <see cref="BroadcastProgress"/> counted by the store, for the console's live progress bar: reading every
/// delivery of a 10,000-channel broadcast once a tick cost the broadcast it watched (docs/console.md, "Broadcast").
/// </summary>
public interface IBroadcastProgressStore
{
    /// <summary>
    /// Exactly what <see cref="BroadcastProgress.Of"/> of the notice's whole ledger answers, with at most
    /// <paramref name="maxFailures"/> failures listed (in <see cref="BroadcastTally.FailureOrder"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFailures"/> is negative or over <see cref="BroadcastProgress.MaxFailuresListed"/>.</exception>
    Task<BroadcastProgress> CountProgressAsync(string noticeId, int maxFailures, CancellationToken ct = default);
}
