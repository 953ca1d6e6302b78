namespace ChangeBot.Storage.Postgres;

/// <summary>
/// Lists read from the database and kept in memory: the notice reads of PostgresChangeBotStore.ReadCache.cs, each a
/// <see cref="KeptRows{T}"/> that brings itself up to date. Bounded (least recently used first out) by lists and by
/// rows, since one notice's deliveries at 10,000 channels are 10,000 records (3.4 MB as JSON). The lists are
/// read-only and their records immutable, so every caller may share one.
/// </summary>
internal sealed class KeptListCache(int maxLists, int maxRows)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private int _rows;

    private sealed record Entry(string Key, object List, int Rows);

    /// <summary>The list kept under <paramref name="key"/>, if any.</summary>
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

    /// <summary>Keeps <paramref name="list"/>, replacing what the key held.</summary>
    public void Keep<T>(string key, IReadOnlyList<T> list)
    {
        if (list.Count > maxRows)
        {
            return;
        }

        lock (_gate)
        {
            Remove(key);
            var node = _recency.AddFirst(new Entry(key, list, list.Count));
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
