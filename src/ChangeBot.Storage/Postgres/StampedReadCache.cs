namespace ChangeBot.Storage.Postgres;

/// <summary>
/// Lists read from the database, each kept under a stamp: handed out again only while the stamp is unchanged
/// (<see cref="TryGet{T}(string, long, out IReadOnlyList{T})"/>), or whatever the stamp for a list that brings itself
/// up to date (<see cref="KeptRows{T}"/>, the notice reads of PostgresChangeBotStore.ReadCache.cs).
/// Bounded (least recently used first out) by lists and by rows, since one notice's deliveries at 10,000 channels
/// are 10,000 records (3.4 MB as JSON). The lists are read-only and their records immutable, so every caller may
/// share one.
/// </summary>
internal sealed class StampedReadCache(int maxLists, int maxRows)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private int _rows;

    private sealed record Entry(string Key, long Stamp, object List, int Rows);

    /// <summary>The list kept under <paramref name="key"/> if it was kept under <paramref name="stamp"/>.</summary>
    public bool TryGet<T>(string key, long stamp, out IReadOnlyList<T> list)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node) && node.Value.Stamp == stamp)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                list = (IReadOnlyList<T>)node.Value.List;
                return true;
            }
        }

        list = [];
        return false;
    }

    /// <summary>The list kept under <paramref name="key"/>, whatever its stamp (a list that knows how to bring
    /// itself up to date, <see cref="KeptRows{T}"/>).</summary>
    public bool TryGet<T>(string key, out IReadOnlyList<T> list)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                list = (IReadOnlyList<T>)node.Value.List;
                return true;
            }
        }

        list = [];
        return false;
    }

    /// <summary>Keeps <paramref name="list"/> (read after <paramref name="stamp"/> was read), replacing what the key held.</summary>
    public void Keep<T>(string key, long stamp, IReadOnlyList<T> list)
    {
        if (list.Count > maxRows)
        {
            return;
        }

        lock (_gate)
        {
            Remove(key);
            var node = _recency.AddFirst(new Entry(key, stamp, list, list.Count));
            _entries[key] = node;
            _rows += list.Count;
            while (_entries.Count > maxLists || _rows > maxRows)
            {
                Remove(_recency.Last!.Value.Key);
            }
        }
    }

    private void Remove(string key)
    {
        if (_entries.Remove(key, out var node))
        {
            _recency.Remove(node);
            _rows -= node.Value.Rows;
        }
    }
}
