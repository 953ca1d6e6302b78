using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>A passage found by meaning: <paramref name="Similarity"/> is the cosine with the question.</summary>
internal sealed record DenseHit(Passage Passage, float Similarity);

/// <summary>
/// The passages' sentence vectors, searched by brute-force cosine (unit vectors, so a SIMD dot product).
/// A passage is embedded with its notice's title and its heading as context, once per text: vectors are
/// looked up by the hash of that text first (loaded from the store at start, or computed earlier), so
/// only new or changed passages run the model. Newly computed vectors wait in <see cref="TakeUnsaved"/>.
/// </summary>
internal sealed class DenseIndex(ITextEmbedder embedder)
{
    private readonly ConcurrentDictionary<string, float[]> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entries> _byNotice = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PassageVector> _unsaved = new();
    private volatile Entries? _all;

    public string Model => embedder.Model;

    /// <summary>How many passages ran the model since start (tests and benchmarks check reuse with it).</summary>
    public int Embedded { get; private set; }

    public void Load(IEnumerable<PassageVector> vectors)
    {
        foreach (var vector in vectors)
        {
            _byHash.TryAdd(vector.ContentHash, vector.Vector);
        }
    }

    public void Set(Notice notice)
    {
        var passages = PassageDocuments.Passages(notice).ToList();
        var texts = passages.Select(p => Text(notice, p)).ToList();
        var hashes = texts.Select(Hash).ToList();
        var missing = Enumerable.Range(0, passages.Count).Where(i => !_byHash.ContainsKey(hashes[i])).ToList();
        if (missing.Count > 0)
        {
            var vectors = embedder.Embed([.. missing.Select(i => texts[i])]);
            for (var j = 0; j < missing.Count; j++)
            {
                if (_byHash.TryAdd(hashes[missing[j]], vectors[j]))
                {
                    _unsaved.Enqueue(new PassageVector(hashes[missing[j]], vectors[j]));
                }
            }

            Embedded += missing.Count;
        }

        _byNotice[notice.Id] = new Entries([.. passages], [.. hashes.Select(h => _byHash[h])]);
        _all = null;
    }

    public void Remove(string noticeId)
    {
        _byNotice.TryRemove(noticeId, out _);
        _all = null;
    }

    public void Clear()
    {
        _byNotice.Clear();
        _all = null;
    }

    /// <summary>Vectors computed since the last call, for the store.</summary>
    public IReadOnlyList<PassageVector> TakeUnsaved()
    {
        var taken = new List<PassageVector>();
        while (_unsaved.TryDequeue(out var vector))
        {
            taken.Add(vector);
        }

        return taken;
    }

    /// <summary>Puts vectors the store did not take back in line for the next attempt.</summary>
    public void Requeue(IEnumerable<PassageVector> vectors)
    {
        foreach (var vector in vectors)
        {
            _unsaved.Enqueue(vector);
        }
    }

    public float[] EmbedQuestion(string question) => embedder.EmbedQuestion(question);

    /// <summary>The <paramref name="count"/> passages most similar to <paramref name="question"/>, best first.</summary>
    public IReadOnlyList<DenseHit> Search(float[] question, string? noticeId, int count)
    {
        var entries = noticeId is null ? (_all ??= All()) : _byNotice.GetValueOrDefault(noticeId) ?? Entries.None;
        if (count <= 0)
        {
            return [];
        }

        // The hot loop of every question: a dot product per passage, and the best kept in two small arrays
        // sorted by similarity (count is tens, the passages thousands), without allocating per passage.
        var bestAt = new int[count];
        var bestSimilarity = new float[count];
        var filled = 0;
        var vectors = entries.Vectors;
        for (var i = 0; i < vectors.Length; i++)
        {
            var similarity = TensorPrimitives.Dot<float>(question, vectors[i]);
            if (filled == count && similarity <= bestSimilarity[count - 1])
            {
                continue;
            }

            // Insert after every kept hit at least as similar (ties keep the earlier passage first).
            var at = filled < count ? filled++ : count - 1;
            for (; at > 0 && bestSimilarity[at - 1] < similarity; at--)
            {
                (bestAt[at], bestSimilarity[at]) = (bestAt[at - 1], bestSimilarity[at - 1]);
            }

            (bestAt[at], bestSimilarity[at]) = (i, similarity);
        }

        var hits = new DenseHit[filled];
        for (var j = 0; j < filled; j++)
        {
            hits[j] = new DenseHit(entries.Passages[bestAt[j]], bestSimilarity[j]);
        }

        return hits;
    }

    /// <summary>The cosine of <paramref name="question"/> with <paramref name="passage"/>; 0 when it is not indexed.</summary>
    public float Similarity(float[] question, Passage passage)
    {
        var entries = _byNotice.GetValueOrDefault(passage.NoticeId) ?? Entries.None;
        var at = Array.IndexOf(entries.Passages, passage);
        return at < 0 ? 0 : TensorPrimitives.Dot<float>(question, entries.Vectors[at]);
    }

    /// <summary>Every notice's passages in one pair of arrays, rebuilt on the first search after a change.</summary>
    private Entries All()
    {
        var parts = _byNotice.Values.ToList();
        var passages = new Passage[parts.Sum(p => p.Passages.Length)];
        var vectors = new float[passages.Length][];
        var at = 0;
        foreach (var part in parts)
        {
            part.Passages.CopyTo(passages, at);
            part.Vectors.CopyTo(vectors, at);
            at += part.Passages.Length;
        }

        return new Entries(passages, vectors);
    }

    /// <summary>What the model reads: the notice's title and the heading say what the passage is about,
    /// which its own sentences often leave implicit.</summary>
    internal static string Text(Notice notice, Passage passage) => passage.Kind == PassageKind.Summary
        ? $"{notice.Title}\n{passage.Text}"
        : $"{notice.Title}: {passage.Heading}\n{passage.Text}";

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Passages and their vectors, index for index.</summary>
    private sealed record Entries(Passage[] Passages, float[][] Vectors)
    {
        public static readonly Entries None = new([], []);
    }
}
