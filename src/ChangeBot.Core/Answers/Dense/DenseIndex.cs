using System.Collections.Concurrent;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>A passage found by meaning: <paramref name="Similarity"/> is the cosine with the question.</summary>
internal sealed record DenseHit(Passage Passage, float Similarity);

/// <summary>
/// The passages' sentence vectors, searched by brute-force cosine (unit vectors, so a SIMD dot product; kept
/// as bytes, <see cref="CompactVector"/>).
/// A passage is embedded whole, with its notice's title and its heading as context, and so is each of its
/// sentences (<see cref="AnswerSentences.Blocks"/>) with the same context: the model reads a bounded number of
/// tokens and a long section's vector blurs its facts, so a question matching one sentence of it ("which
/// addresses in America?") is judged by that sentence. A passage's similarity is the higher of the two.
/// Vectors are looked up by the hash of their text first (loaded from the store at start, or computed
/// earlier), so only new or changed text runs the model; newly computed vectors wait in <see cref="TakeUnsaved"/>.
/// </summary>
internal sealed class DenseIndex(ITextEmbedder embedder)
{
    /// <summary>A search over every notice scores the whole passages first, then every sentence of the notices
    /// holding the best few of them: sentence vectors are several times as many, so scanning all of them
    /// would cost each question several times as much, and a question's notice is found well by whole passages.</summary>
    private const int RefinedNotices = 3;

    private readonly ConcurrentDictionary<TextHash, CompactVector> _byHash = new();
    private readonly ConcurrentDictionary<string, Entries> _byNotice = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PassageVector> _unsaved = new();
    private volatile Entries? _all;

    public string Model => embedder.Model;

    /// <summary>How many texts (passages and sentences) ran the model since start (tests and benchmarks check reuse with it).</summary>
    public int Embedded { get; private set; }

    public void Load(IEnumerable<PassageVector> vectors)
    {
        foreach (var vector in vectors)
        {
            if (TextHash.TryParse(vector.ContentHash, out var hash))
            {
                _byHash.TryAdd(hash, CompactVector.From(vector.Vector));
            }
        }
    }

    public void Set(Notice notice)
    {
        var passages = PassageDocuments.Passages(notice).ToList();
        var sentenceTexts = passages.Select(p => SentenceTexts(notice, p)).ToList();
        var texts = passages.Select(p => Text(notice, p)).Concat(sentenceTexts.SelectMany(t => t)).ToList();
        var hashes = texts.Select(TextHash.Of).ToList();
        EmbedMissing(texts, hashes);

        var sentences = new CompactVector[passages.Count][];
        var next = passages.Count;
        for (var p = 0; p < passages.Count; p++)
        {
            sentences[p] = [.. hashes.Skip(next).Take(sentenceTexts[p].Count).Select(h => _byHash[h])];
            next += sentenceTexts[p].Count;
        }

        _byNotice[notice.Id] = new Entries([.. passages], [.. hashes.Take(passages.Count).Select(h => _byHash[h])], sentences);
        _all = null;
    }

    /// <summary>Runs the model for the texts of <paramref name="notice"/> that have no vector yet, without indexing it
    /// (a rebuild stores them as it goes: see <see cref="AnswerIndexSync.RebuildAsync"/>); returns how many ran.</summary>
    public int EmbedMissing(Notice notice)
    {
        var texts = Texts(notice).ToList();
        return EmbedMissing(texts, [.. texts.Select(TextHash.Of)]);
    }

    private int EmbedMissing(IReadOnlyList<string> texts, IReadOnlyList<TextHash> hashes)
    {
        var missing = Enumerable.Range(0, texts.Count).Where(i => !_byHash.ContainsKey(hashes[i])).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var vectors = embedder.Embed([.. missing.Select(i => texts[i])]);
        for (var j = 0; j < missing.Count; j++)
        {
            if (_byHash.TryAdd(hashes[missing[j]], CompactVector.From(vectors[j])))
            {
                _unsaved.Enqueue(new PassageVector(hashes[missing[j]].ToString(), vectors[j]));
            }
        }

        Embedded += missing.Count;
        return missing.Count;
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

    /// <summary>The <paramref name="count"/> passages most similar to <paramref name="question"/>, best first:
    /// in one notice, every passage judged with its sentences; over all notices, the passages of the
    /// <see cref="RefinedNotices"/> notices the whole passages point to, judged with their sentences, and the
    /// other whole-passage hits as they are.</summary>
    public IReadOnlyList<DenseHit> Search(float[] question, string? noticeId, int count)
    {
        if (count <= 0)
        {
            return [];
        }

        if (noticeId is not null)
        {
            return Refined(question, _byNotice.GetValueOrDefault(noticeId) ?? Entries.None).Take(count).ToList();
        }

        var wholes = Wholes(question, _all ??= All(), count);
        var refinedNotices = wholes.Select(h => h.Passage.NoticeId).Distinct(StringComparer.Ordinal).Take(RefinedNotices).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. refinedNotices.SelectMany(id => Refined(question, _byNotice.GetValueOrDefault(id) ?? Entries.None))
                .Concat(wholes.Where(h => !refinedNotices.Contains(h.Passage.NoticeId)))
                .OrderByDescending(h => h.Similarity)
                .Take(count),
        ];
    }

    /// <summary>The cosine of <paramref name="question"/> with <paramref name="passage"/> (the higher of the whole
    /// passage's and its best sentence's); 0 when it is not indexed.</summary>
    public float Similarity(float[] question, Passage passage)
    {
        var entries = _byNotice.GetValueOrDefault(passage.NoticeId) ?? Entries.None;
        var at = Array.IndexOf(entries.Passages, passage);
        return at < 0 ? 0 : Similarity(question, entries, at);
    }

    /// <summary>The cosine of the question with each sentence of <paramref name="passage"/>, in the order of
    /// <see cref="AnswerSentences.Blocks"/>; null for a passage of one sentence or one not indexed.</summary>
    public float[]? SentenceSimilarities(float[] question, Passage passage)
    {
        var entries = _byNotice.GetValueOrDefault(passage.NoticeId) ?? Entries.None;
        var at = Array.IndexOf(entries.Passages, passage);
        return at < 0 || entries.Sentences[at].Length == 0 ? null : [.. entries.Sentences[at].Select(s => s.Dot(question))];
    }

    private static float Similarity(float[] question, Entries entries, int at)
    {
        var similarity = entries.Vectors[at].Dot(question);
        foreach (var sentence in entries.Sentences[at])
        {
            similarity = Math.Max(similarity, sentence.Dot(question));
        }

        return similarity;
    }

    private static IEnumerable<DenseHit> Refined(float[] question, Entries entries) =>
        Enumerable.Range(0, entries.Passages.Length)
            .Select(i => new DenseHit(entries.Passages[i], Similarity(question, entries, i)))
            .OrderByDescending(h => h.Similarity);

    /// <summary>The best <paramref name="count"/> by whole-passage vectors alone.</summary>
    private static DenseHit[] Wholes(float[] question, Entries entries, int count)
    {
        // The hot loop of every question: a dot product per passage, and the best kept in two small arrays
        // sorted by similarity (count is tens, the passages thousands), without allocating per passage.
        var bestAt = new int[count];
        var bestSimilarity = new float[count];
        var filled = 0;
        var vectors = entries.Vectors;
        for (var i = 0; i < vectors.Length; i++)
        {
            var similarity = vectors[i].Dot(question);
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

    /// <summary>Every notice's passages in one set of arrays, rebuilt on the first search after a change.</summary>
    private Entries All()
    {
        var parts = _byNotice.Values.ToList();
        var passages = new Passage[parts.Sum(p => p.Passages.Length)];
        var vectors = new CompactVector[passages.Length];
        var sentences = new CompactVector[passages.Length][];
        var at = 0;
        foreach (var part in parts)
        {
            part.Passages.CopyTo(passages, at);
            part.Vectors.CopyTo(vectors, at);
            part.Sentences.CopyTo(sentences, at);
            at += part.Passages.Length;
        }

        return new Entries(passages, vectors, sentences);
    }

    /// <summary>Every text of <paramref name="notice"/> that gets a vector: each passage, then each passage's sentences.</summary>
    internal static IEnumerable<string> Texts(Notice notice)
    {
        var passages = PassageDocuments.Passages(notice).ToList();
        return passages.Select(p => Text(notice, p)).Concat(passages.SelectMany(p => SentenceTexts(notice, p)));
    }

    /// <summary>What the model reads: the notice's title and the heading say what the passage is about,
    /// which its own sentences often leave implicit.</summary>
    internal static string Text(Notice notice, Passage passage) => passage.Kind == PassageKind.Summary
        ? $"{notice.Title}\n{passage.Text}"
        : $"{notice.Title}: {passage.Heading}\n{passage.Text}";

    /// <summary>Each sentence of a passage of more than one, with the same context as the whole passage.</summary>
    internal static IReadOnlyList<string> SentenceTexts(Notice notice, Passage passage)
    {
        var blocks = AnswerSentences.Blocks(passage.Text);
        if (blocks.Count <= 1)
        {
            return [];
        }

        var context = passage.Kind == PassageKind.Summary ? notice.Title : $"{notice.Title}: {passage.Heading}";
        return [.. blocks.Select(b => $"{context}\n{b.Text}")];
    }

    /// <summary>The key the stores keep <paramref name="text"/>'s vector under.</summary>
    internal static string Hash(string text) => TextHash.Of(text).ToString();

    /// <summary>Passages, their whole vectors and their sentences' vectors, index for index.</summary>
    private sealed record Entries(Passage[] Passages, CompactVector[] Vectors, CompactVector[][] Sentences)
    {
        public static readonly Entries None = new([], [], []);
    }
}
