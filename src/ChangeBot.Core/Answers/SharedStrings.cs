namespace ChangeBot.Core.Answers;

/// <summary>
/// One copy of each distinct string handed in: thousands of notices use the same words, and the grounding
/// catalogue keeps every notice's words and terms (at 5,000 notices most of its memory was the same few
/// hundred words, once per notice). Bounded: past its capacity it starts over, which costs sharing (strings
/// handed out earlier stay valid), never correctness. Thread-safe.
/// </summary>
internal sealed class SharedStrings
{
    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Lock _gate = new();
    private readonly int _capacity;

    public SharedStrings(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _bySpan = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The words and terms of notices (see <see cref="Grounding"/>); far more than a large store's vocabulary.</summary>
    public static SharedStrings Words { get; } = new(100_000);

    /// <summary>How many distinct strings are held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pool.Count;
            }
        }
    }

    /// <summary>The held string equal to <paramref name="text"/> (ordinally); <paramref name="text"/> itself if none is.</summary>
    public string Share(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            if (_pool.TryGetValue(text, out var shared))
            {
                return shared;
            }

            Add(text);
            return text;
        }
    }

    /// <summary>The held string equal to <paramref name="text"/>; a string is made only the first time it is seen.</summary>
    public string Share(ReadOnlySpan<char> text)
    {
        lock (_gate)
        {
            if (_bySpan.TryGetValue(text, out var shared))
            {
                return shared;
            }

            var made = text.ToString();
            Add(made);
            return made;
        }
    }

    private void Add(string text)
    {
        if (_pool.Count >= _capacity)
        {
            _pool.Clear();
        }

        _pool.Add(text);
    }
}
