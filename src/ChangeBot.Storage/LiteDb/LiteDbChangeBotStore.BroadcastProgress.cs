using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.LiteDb;

/// <summary>
/// A notice's broadcast progress (<see cref="Core.Storage.IBroadcastProgressStore"/>) kept in memory as the ledger is
/// written: LiteDB cannot count without reading every document, and the console's progress bar asks once a tick while
/// the broadcast writes. The notice's rows are read once, when it is first asked about (under the write gate, so no
/// write slips between that read and the tally); from then on each committed delivery write moves the tally from the
/// record's stored state to its new one. A notice whose first deliveries are being reserved (a new broadcast) starts
/// its tally then, empty, so not even the first reading reads the rows. Sound because this instance is the file's only writer (as the read cache);
/// a read-only instance counts from the rows. Nothing is persisted: a restart reads the rows once again.
/// </summary>
public sealed partial class LiteDbChangeBotStore
{
    /// <summary>Notices tallied at most; beyond it the tallies start over (the few being watched are read again).</summary>
    private const int MaxTallies = 16;

    /// <summary>Guarded by <see cref="_writeGate"/>.</summary>
    private readonly Dictionary<string, BroadcastTally> _tallies = new(StringComparer.Ordinal);

    public Task<BroadcastProgress> CountProgressAsync(string noticeId, int maxFailures, CancellationToken ct = default)
    {
        StoreRules.ValidateProgressQuery(noticeId, maxFailures);
        ct.ThrowIfCancellationRequested();
        if (_ownership is null)
        {
            return Task.FromResult(BroadcastProgress.Of(ReadDeliveries(noticeId), maxFailures));
        }

        lock (_writeGate)
        {
            if (!_tallies.TryGetValue(noticeId, out var tally))
            {
                tally = StartTally(noticeId);
                foreach (var delivery in ReadDeliveries(noticeId))
                {
                    tally.Add(delivery);
                }
            }

            return Task.FromResult(tally.ToProgress(maxFailures));
        }
    }

    /// <summary>The notices of <paramref name="deliveries"/> not tallied yet that have no delivery stored: an empty
    /// tally is exact for them. Call inside the reserving transaction, before it inserts.</summary>
    private List<string> NoticesWithoutDeliveries(IReadOnlyList<Delivery> deliveries) =>
        [.. deliveries.Select(d => d.NoticeId).Distinct(StringComparer.Ordinal)
            .Where(id => !_tallies.ContainsKey(id) && !_deliveries.Exists(LiteDB.Query.EQ(Columns.NoticeId, id)))];

    /// <summary>Starts empty tallies for <paramref name="noticeIds"/> (under <see cref="_writeGate"/>, after the commit).</summary>
    private void StartTallies(List<string> noticeIds)
    {
        if (_ownership is null)
        {
            return;
        }

        foreach (var id in noticeIds)
        {
            StartTally(id);
        }
    }

    /// <summary>An empty tally for <paramref name="noticeId"/>, making room first (under <see cref="_writeGate"/>).</summary>
    private BroadcastTally StartTally(string noticeId)
    {
        if (_tallies.Count >= MaxTallies)
        {
            _tallies.Clear();
        }

        return _tallies[noticeId] = new BroadcastTally();
    }

    /// <summary>Moves a tallied notice's counts for one committed write (<paramref name="before"/>: null for a new
    /// record). Call under <see cref="_writeGate"/>, after the commit.</summary>
    private void Tally(Delivery? before, Delivery after)
    {
        if (_tallies.TryGetValue(after.NoticeId, out var tally))
        {
            if (before is not null)
            {
                tally.Remove(before);
            }

            tally.Add(after);
        }
    }
}
