using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// One reading of a notice's <see cref="BroadcastProgress"/> per tick, shared by everyone watching that broadcast
/// (the console's progress streams). Each watcher reading the ledger itself made the broadcast pay once per open
/// browser tab (docs/console.md, "Broadcast"). A reading is the store's count (<see cref="IBroadcastProgressStore"/>),
/// not a read of every delivery, and lists no failures: the stream shows counts, the page lists failures when loaded. A reading is fresh for <see cref="Interval"/>, or
/// <see cref="QuietFactor"/> times as long as it took when the ledger is large, so the readings take at most
/// 1 / (1 + <see cref="QuietFactor"/>) of one core however many watch; but never longer than <see cref="MaxInterval"/>.
/// A watcher arriving during a reading joins it.
/// </summary>
public sealed class BroadcastProgressFeed(IBroadcastProgressStore store, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The readings spend at most 1 / (1 + this) of one core on the ledger (2%), for readings of up to
    /// <see cref="MaxInterval"/> / this (100 ms) of work.</summary>
    public const int QuietFactor = 50;

    /// <summary>The longest a reading is fresh. A reading's duration is wall time: on a loaded machine one that waited
    /// for the ledger's write gate or the scheduler (not work) took a second, and 50 times that froze the bar, and
    /// the final count with it, for most of a minute (docs/console.md, "Broadcast").</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);

    /// <summary>A notice nobody asked about for this long after its reading went stale is forgotten.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<Reading>> _readings = new(StringComparer.Ordinal);
    private long _ledgerReads;
    private long _readingTicks;

    /// <summary>Progress readings started so far, all notices (what the watchers cost, for benchmarks).</summary>
    public long LedgerReads => Interlocked.Read(ref _ledgerReads);

    /// <summary>The time the finished readings took together, all notices (wall time: an upper bound of their CPU).</summary>
    public TimeSpan ReadingTime => TimeSpan.FromTicks(Interlocked.Read(ref _readingTicks));

    /// <summary>A reading of the ledger and when the next may start.</summary>
    public sealed record Reading(BroadcastProgress Progress, DateTimeOffset FreshUntil);

    /// <summary>The notice's current reading: the shared one while it is fresh or still being read, else a new
    /// one. Wait until <see cref="Reading.FreshUntil"/> before asking again.</summary>
    public Task<Reading> ReadAsync(string noticeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(noticeId);
        TaskCompletionSource<Reading> mine;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_readings.TryGetValue(noticeId, out var shared) && !IsStale(shared, now))
            {
                return shared.WaitAsync(ct);
            }

            ForgetUnwatched(now);
            mine = new TaskCompletionSource<Reading>(TaskCreationOptions.RunContinuationsAsynchronously);
            _readings[noticeId] = mine.Task;
        }

        Interlocked.Increment(ref _ledgerReads);
        // Outside the lock: the read is the slow part. Not cancelled by this watcher leaving: others may wait on it.
        _ = ReadLedgerAsync(noticeId, mine);
        return mine.Task.WaitAsync(ct);
    }

    private async Task ReadLedgerAsync(string noticeId, TaskCompletionSource<Reading> reading)
    {
        try
        {
            var started = time.GetTimestamp();
            var progress = await store.CountProgressAsync(noticeId, maxFailures: 0, CancellationToken.None);
            var elapsed = time.GetElapsedTime(started);
            Interlocked.Add(ref _readingTicks, elapsed.Ticks);
            var quiet = elapsed * QuietFactor;
            var fresh = quiet < Interval ? Interval : quiet > MaxInterval ? MaxInterval : quiet;
            reading.SetResult(new Reading(progress, time.GetUtcNow() + fresh));
        }
        catch (Exception e)
        {
            // Every watcher of this reading gets the error; the next asks the ledger again (IsStale).
            reading.SetException(e);
        }
    }

    private static bool IsStale(Task<Reading> reading, DateTimeOffset now) =>
        reading.IsFaulted || (reading.IsCompletedSuccessfully && now >= reading.Result.FreshUntil);

    /// <summary>Drops readings of broadcasts nobody watches any more, so the map holds only what is watched.</summary>
    private void ForgetUnwatched(DateTimeOffset now)
    {
        foreach (var (id, reading) in _readings)
        {
            if (reading.IsFaulted || (reading.IsCompletedSuccessfully && now - reading.Result.FreshUntil > ForgetAfter))
            {
                _readings.Remove(id);
            }
        }
    }
}
