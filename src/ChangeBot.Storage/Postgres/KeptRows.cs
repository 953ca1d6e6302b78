using System.Collections;

namespace ChangeBot.Storage.Postgres;

/// <summary>Where a row sorts in a notice's list and which row it is: deliveries by (created ticks, key), answers by
/// (at ticks, seq). <see cref="Seq"/> is 0 for deliveries and <see cref="Key"/> empty for answers.</summary>
internal readonly record struct RowKey(long Ticks, long Seq, string Key) : IComparable<RowKey>
{
    /// <summary>As the SQL orders them: keys are <c>COLLATE "C"</c>, i.e. byte-wise UTF-8, which is code point
    /// order (UTF-16 ordinal order differs for characters above U+E000 against surrogate pairs).</summary>
    public int CompareTo(RowKey other)
    {
        var byTicks = Ticks.CompareTo(other.Ticks);
        if (byTicks != 0)
        {
            return byTicks;
        }

        var bySeq = Seq.CompareTo(other.Seq);
        return bySeq != 0 ? bySeq : CompareCodePoints(Key, other.Key);
    }

    private static int CompareCodePoints(string a, string b)
    {
        var ordinal = string.CompareOrdinal(a, b);
        if (ordinal == 0)
        {
            return 0;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (i == a.Length || i == b.Length)
        {
            return ordinal;
        }

        // The first differing UTF-16 unit: a surrogate (a code point above U+FFFF) sorts after every BMP character.
        var (x, y) = (a[i], b[i]);
        return char.IsSurrogate(x) == char.IsSurrogate(y) ? x.CompareTo(y) : char.IsSurrogate(x) ? 1 : -1;
    }
}

/// <summary>
/// One notice's list as an instance keeps it (PostgresChangeBotStore.ReadCache.cs): the records in the order the SQL
/// gives them, each row's <see cref="RowKey"/>, the snapshot xmin of the read that made it (<see cref="Since"/>:
/// the next read fetches the rows written by transactions from there on) and the notice's removed stamp as that read
/// saw it. Immutable, so every caller may share it.
/// </summary>
internal sealed class KeptRows<T> : IReadOnlyList<T>
{
    /// <summary>One row as read: where it sorts, the transaction that wrote it (0: before the column existed), the record.</summary>
    public readonly record struct Row(RowKey Key, ulong WrittenBy, T Record);

    private readonly T[] _records;
    private readonly RowKey[] _keys;
    private readonly ulong[] _writtenBy;

    private KeptRows(T[] records, RowKey[] keys, ulong[] writtenBy, ulong since, long removed)
    {
        _records = records;
        _keys = keys;
        _writtenBy = writtenBy;
        _since = since;
        Removed = removed;
    }

    private ulong _since;

    /// <summary>The xmin of a snapshot the list reflects: every transaction below it had ended. Moves forward when a
    /// later read finds nothing new (the list then reflects that read's snapshot too); the records never change.</summary>
    public ulong Since => Volatile.Read(ref _since);

    /// <summary>The notice's removed stamp (<c>Migrations/0010_incremental_notice_reads.sql</c>) in that snapshot.</summary>
    public long Removed { get; }

    public int Count => _records.Length;

    public T this[int index] => _records[index];

    /// <summary>A whole read's rows (sorted here if the database did not give them in order).</summary>
    public static KeptRows<T> Of(List<Row> rows, ulong since, long removed)
    {
        SortIfNeeded(rows);
        return new KeptRows<T>([.. rows.Select(r => r.Record)], [.. rows.Select(r => r.Key)], [.. rows.Select(r => r.WrittenBy)], since, removed);
    }

    /// <summary>Whether the row <paramref name="key"/> is kept as <paramref name="writtenBy"/> wrote it: a row fetched
    /// again (its writer had not ended before the kept read's snapshot, but committed before it) is not changed. One
    /// transaction commits one version of a row, so the same writer means the same version.</summary>
    public bool Holds(RowKey key, ulong writtenBy)
    {
        var index = Array.BinarySearch(_keys, key);
        return index >= 0 && _writtenBy[index] == writtenBy && writtenBy != 0;
    }

    /// <summary>This list with <paramref name="changed"/> (rows written since <see cref="Since"/>, each at most once)
    /// merged in: a changed row replaces the kept row of the same identity, wherever either sorts, and a new one is
    /// inserted in order. One pass over both.</summary>
    public KeptRows<T> Merge(List<Row> changed, ulong since, long removed)
    {
        if (changed.Count == 0)
        {
            // Nothing written since: this list, which now reflects the later snapshot too (so the next read fetches
            // from its xmin, not from an ever older one). Racing readers move it to the larger of their values.
            for (var seen = Since; seen < since;)
            {
                var was = Interlocked.CompareExchange(ref _since, since, seen);
                seen = was == seen ? since : was;
            }

            return this;
        }

        SortIfNeeded(changed);
        var replaced = new HashSet<(long, string)>(changed.Select(c => (c.Key.Seq, c.Key.Key)));
        var records = new List<T>(_records.Length + changed.Count);
        var keys = new List<RowKey>(_records.Length + changed.Count);
        var writers = new List<ulong>(_records.Length + changed.Count);
        var next = 0;
        for (var i = 0; i < _keys.Length; i++)
        {
            if (replaced.Contains((_keys[i].Seq, _keys[i].Key)))
            {
                continue;
            }

            while (next < changed.Count && changed[next].Key.CompareTo(_keys[i]) < 0)
            {
                Add(changed[next++]);
            }

            records.Add(_records[i]);
            keys.Add(_keys[i]);
            writers.Add(_writtenBy[i]);
        }

        while (next < changed.Count)
        {
            Add(changed[next++]);
        }

        return new KeptRows<T>([.. records], [.. keys], [.. writers], since, removed);

        void Add(Row row)
        {
            records.Add(row.Record);
            keys.Add(row.Key);
            writers.Add(row.WrittenBy);
        }
    }

    private static void SortIfNeeded(List<Row> rows)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i - 1].Key.CompareTo(rows[i].Key) > 0)
            {
                rows.Sort((a, b) => a.Key.CompareTo(b.Key));
                return;
            }
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_records).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
