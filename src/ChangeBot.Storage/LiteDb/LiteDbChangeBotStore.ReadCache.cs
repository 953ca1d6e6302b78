using System.Collections.ObjectModel;

namespace ChangeBot.Storage.LiteDb;

/// <summary>
/// The last reads of a notice's deliveries (once none is pending) and answers, and of every subscription, kept in memory: the readiness
/// page reads all three for 10,000 channels on every request, and reading and parsing that many documents was most
/// of its time. Sound because this instance is the file's only writer (<see cref="TakeOwnership"/>): each write
/// drops what it changes after it commits. A read that raced a write is not kept (the generation moved on).
/// Read-only instances (the CLI, beside a running server) do not cache: the server writes under them.
/// </summary>
public sealed partial class LiteDbChangeBotStore
{
    /// <summary>Lists kept at most; beyond it the cache starts over (a few live notices are what gets re-read).</summary>
    private const int MaxCachedReads = 16;

    private readonly Lock _cacheGate = new();
    private readonly Dictionary<string, object> _cachedReads = new(StringComparer.Ordinal);
    private long _cacheGeneration;

    private static string DeliveriesOf(string noticeId) => "deliveries\u001f" + noticeId;

    private static string AnswersOf(string noticeId) => "answers\u001f" + noticeId;

    private const string AllSubscriptions = "subscriptions";

    /// <summary>The cached list under <paramref name="key"/>, or what <paramref name="read"/> returns (kept unless a
    /// write happened meanwhile, or <paramref name="keep"/> says no).</summary>
    private IReadOnlyList<T> CachedRead<T>(string key, Func<IEnumerable<T>> read, Func<IReadOnlyList<T>, bool>? keep = null)
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
                return (IReadOnlyList<T>)cached;
            }

            generation = _cacheGeneration;
        }

        var list = new ReadOnlyCollection<T>([.. read()]);
        lock (_cacheGate)
        {
            if (generation == _cacheGeneration && (keep is null || keep(list)))
            {
                if (_cachedReads.Count >= MaxCachedReads)
                {
                    _cachedReads.Clear();
                }

                _cachedReads[key] = list;
            }
        }

        return list;
    }

    /// <summary>Forgets cached reads a committed write changed.</summary>
    private void Forget(IEnumerable<string> keys)
    {
        lock (_cacheGate)
        {
            _cacheGeneration++;
            foreach (var key in keys)
            {
                _cachedReads.Remove(key);
            }
        }
    }

    private void Forget(string key) => Forget([key]);
}
