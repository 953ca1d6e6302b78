using System.Collections.Concurrent;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace ChangeBot.Core.Answers;

/// <summary>
/// The answer index in memory (Lucene RAMDirectory): each instance builds its own from the store, which
/// stays the single source of truth. Writes are serialised; searches run concurrently on the latest
/// refreshed searcher. With a sentence-embedding model it searches by meaning as well (hybrid retrieval,
/// see <see cref="QuestionAnswerer"/>).
/// </summary>
public sealed class LuceneAnswerIndex : IAnswerIndex, IPassageVectorCache, IDisposable
{
    private readonly DenseIndex? _dense;
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly ConcurrentDictionary<string, Notice> _notices = new(StringComparer.Ordinal);
    private readonly System.Threading.Lock _writeLock = new();
    private readonly QuestionAnswerer _answerer;

    /// <summary>Published and in-progress notices by window, for schedule questions naming no notice;
    /// computed on first use after each change.</summary>
    private volatile IReadOnlyList<Notice>? _current;

    /// <summary>The named things the notices are about; computed on first use after each change.</summary>
    private volatile Grounding? _grounding;

    /// <param name="embedder">The sentence-embedding model; null for keyword search only.</param>
    public LuceneAnswerIndex(AnswerSynonyms synonyms, AnswerOptions? options = null, ITextEmbedder? embedder = null)
    {
        _dense = embedder is null ? null : new DenseIndex(embedder);
        var config = new IndexWriterConfig(NoticeAnalysis.Version, NoticeAnalysis.WithSynonyms(synonyms.Map))
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            // Notices are small and few; a larger buffer means fewer segments to merge while rebuilding.
            RAMBufferSizeMB = 64,
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory());
        _answerer = new QuestionAnswerer(options ?? new AnswerOptions(), _notices, () => _current ??= QuestionAnswerer.Current(_notices.Values), _dense,
            () => _grounding ??= new Grounding(_notices.Values));
    }

    /// <summary>Only notices people may rely on are answered from.</summary>
    public static bool IsAnswerable(Notice notice) => notice.State is not (NoticeState.Draft or NoticeState.Cancelled);

    public int Count => _notices.Count;

    public void Rebuild(IEnumerable<Notice> notices)
    {
        lock (_writeLock)
        {
            _writer.DeleteAll();
            _notices.Clear();
            _dense?.Clear();
            foreach (var notice in notices.Where(IsAnswerable))
            {
                _writer.AddDocuments(PassageDocuments.Documents(notice));
                _notices[notice.Id] = notice;
                _dense?.Set(notice);
            }

            // One segment after a rebuild: every question's term statistics then cost one lookup, not one per segment.
            _current = null;
            _grounding = null;
            _writer.ForceMerge(1);
            _writer.Commit();
            _searchers.MaybeRefreshBlocking();
        }
    }

    public void Upsert(Notice notice)
    {
        if (!IsAnswerable(notice))
        {
            Remove(notice.Id);
            return;
        }

        lock (_writeLock)
        {
            _current = null;
            _grounding = null;
            _writer.UpdateDocuments(new Term(PassageDocuments.NoticeField, notice.Id), PassageDocuments.Documents(notice));
            _notices[notice.Id] = notice;
            _dense?.Set(notice);
            _searchers.MaybeRefreshBlocking();
        }
    }

    public void Remove(string noticeId)
    {
        lock (_writeLock)
        {
            _current = null;
            _grounding = null;
            _writer.DeleteDocuments(new Term(PassageDocuments.NoticeField, noticeId));
            _notices.TryRemove(noticeId, out _);
            _dense?.Remove(noticeId);
            _searchers.MaybeRefreshBlocking();
        }
    }

    public Notice? Find(string noticeId) => _notices.GetValueOrDefault(noticeId);

    public Answer Ask(string question, string? contextNoticeId = null)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return _answerer.Ask(searcher, QuestionAnalysis.Parse(question), contextNoticeId);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public string? Model => _dense?.Model;

    /// <summary>How many passages ran the model since start.</summary>
    public int EmbeddedPassages => _dense?.Embedded ?? 0;

    public void LoadVectors(IEnumerable<PassageVector> vectors) => _dense?.Load(vectors);

    public IReadOnlyList<PassageVector> TakeUnsavedVectors() => _dense?.TakeUnsaved() ?? [];

    public void RequeueVectors(IEnumerable<PassageVector> vectors) => _dense?.Requeue(vectors);

    public int EmbedMissing(Notice notice) => IsAnswerable(notice) ? _dense?.EmbedMissing(notice) ?? 0 : 0;

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
