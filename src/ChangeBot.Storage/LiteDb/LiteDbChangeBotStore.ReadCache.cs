using System.Collections.ObjectModel;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.LiteDb;

/// <summary>
/// The last reads of a notice's deliveries and answers, and of every subscription, kept in memory: the readiness page
/// reads all three for 10,000 channels on every request, and reading and parsing that many documents was most of its
/// time. Sound because this instance is the file's only writer (<see cref="TakeOwnership"/>): each write, once
/// committed, brings the kept lists it changes up to date (a delivery's new state replaces the kept one; a new answer
/// is inserted in order) or drops them (a reservation, a subscription change). A read that raced a write to the same
/// list is not kept. Read-only instances (the CLI, beside a running server) do not cache: the server writes under them.
/// </summary>
public sealed partial class LiteDbChangeBotStore
{
    /// <summary>Lists kept at most; beyond it the cache starts over (a few live notices are what gets re-read).</summary>
    private const int MaxCachedReads = 16;

    /// <summary>Lists whose last write is remembered (for reads in flight); beyond it the memory starts over, and reads
    /// begun before then are not kept.</summary>
    private const int MaxRememberedWrites = 1024;

    private readonly Lock _cacheGate = new();
    private readonly Dictionary<string, IKeptList> _cachedReads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastWriteOf = new(StringComparer.Ordinal);
    private long _cacheGeneration;
    private long _rememberedSince;

    private static string DeliveriesOf(string noticeId) => "deliveries\u001f" + noticeId;

    private static string AnswersOf(string noticeId) => "answers\u001f" + noticeId;

    private const string AllSubscriptions = "subscriptions";

    private interface IKeptList;

    /// <summary>A kept list: changed in place by writes (under <see cref="_cacheGate"/>), handed to readers as a copy
    /// made once per change.</summary>
    private sealed class KeptList<T>(List<T> items, Func<T, string>? keyOf) : IKeptList
    {
        private readonly Dictionary<string, int>? _indexOf = keyOf is null ? null
            : items.Select((item, i) => (Key: keyOf!(item), Index: i)).ToDictionary(x => x.Key, x => x.Index, StringComparer.Ordinal);

        private IReadOnlyList<T>? _snapshot;

        public List<T> Items => items;

        public IReadOnlyList<T> Snapshot() => _snapshot ??= new ReadOnlyCollection<T>([.. items]);

        /// <summary>Replaces the record with <paramref name="record"/>'s key; false if none is kept.</summary>
        public bool Replace(T record)
        {
            if (_indexOf is null || !_indexOf.TryGetValue(keyOf!(record), out var index))
            {
                return false;
            }

            items[index] = record;
            _snapshot = null;
            return true;
        }

        public void Insert(int index, T record)
        {
            items.Insert(index, record);
            _snapshot = null;
        }
    }

    /// <summary>The cached list under <paramref name="key"/>, or what <paramref name="read"/> returns (kept unless a
    /// write to the same list happened meanwhile). <paramref name="keyOf"/>: each record's identity, for lists whose
    /// records writes replace.</summary>
    private IReadOnlyList<T> CachedRead<T>(string key, Func<IEnumerable<T>> read, Func<T, string>? keyOf = null)
    {
        if (_ownership is null)
        {
            return [.. read()];
        }

        long generation;
        lock (_cacheGate)
        {
            if (_cachedReads.TryGetValue(key, out var cached))
            {
                return ((KeptList<T>)cached).Snapshot();
            }

            generation = _cacheGeneration;
        }

        var list = new List<T>(read());
        lock (_cacheGate)
        {
            if (generation >= _rememberedSince && _lastWriteOf.GetValueOrDefault(key) <= generation)
            {
                if (_cachedReads.Count >= MaxCachedReads && !_cachedReads.ContainsKey(key))
                {
                    _cachedReads.Clear();
                }

                var kept = new KeptList<T>(list, keyOf);
                _cachedReads[key] = kept;
                return kept.Snapshot();
            }
        }

        return new ReadOnlyCollection<T>(list);
    }

    /// <summary>Notes a committed write to the list under <paramref name="key"/>, for reads in flight (under the gate).</summary>
    private void NoteWrite(string key)
    {
        if (_lastWriteOf.Count >= MaxRememberedWrites)
        {
            _lastWriteOf.Clear();
            _rememberedSince = _cacheGeneration + 1;
        }

        _lastWriteOf[key] = ++_cacheGeneration;
    }

    /// <summary>Forgets cached reads a committed write changed.</summary>
    private void Forget(IEnumerable<string> keys)
    {
        lock (_cacheGate)
        {
            foreach (var key in keys)
            {
                NoteWrite(key);
                _cachedReads.Remove(key);
            }
        }
    }

    private void Forget(string key) => Forget([key]);

    /// <summary>Puts a committed delivery update into its notice's kept list (its place in the list does not change:
    /// updates keep a delivery's key and creation).</summary>
    private void KeepUpdated(Delivery delivery)
    {
        var key = DeliveriesOf(delivery.NoticeId);
        lock (_cacheGate)
        {
            NoteWrite(key);
            if (_cachedReads.TryGetValue(key, out var kept) && !((KeptList<Delivery>)kept).Replace(delivery))
            {
                _cachedReads.Remove(key);
            }
        }
    }

    /// <summary>Inserts committed new answers into their notices' kept lists, after every answer at or before the same
    /// instant (the list's order: instant, then arrival). Called under <see cref="_writeGate"/> right after the
    /// commit, so answers are inserted in the order they were stored.</summary>
    private void KeepAdded(IEnumerable<Acknowledgement> added)
    {
        lock (_cacheGate)
        {
            foreach (var ack in added)
            {
                var key = AnswersOf(ack.NoticeId);
                NoteWrite(key);
                if (_cachedReads.TryGetValue(key, out var cached))
                {
                    var kept = (KeptList<Acknowledgement>)cached;
                    var (low, high) = (0, kept.Items.Count);
                    while (low < high)
                    {
                        var middle = (low + high) / 2;
                        (low, high) = kept.Items[middle].At.UtcTicks <= ack.At.UtcTicks ? (middle + 1, high) : (low, middle);
                    }

                    kept.Insert(low, ack);
                }
            }
        }
    }
}
