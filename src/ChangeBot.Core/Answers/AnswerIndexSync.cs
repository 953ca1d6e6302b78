using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Keeps the answer index in step with the store: told about changes made in this process
/// (<see cref="INoticeObserver"/>), and catching up from the store for changes made elsewhere (another
/// instance sharing PostgreSQL, the CLI) by comparing revisions and states. Passage vectors are data: loaded
/// from the store before the rebuild (so only passages never embedded run the model), and the ones the
/// index computes are stored right after each change.
/// </summary>
public sealed class AnswerIndexSync(IAnswerIndex index, INoticeStore store) : INoticeObserver
{
    private readonly Lock _gate = new();
    private Dictionary<string, (int Revision, NoticeState State)> _seen = new(StringComparer.Ordinal);

    /// <summary>Rebuilds the index from every stored notice.</summary>
    public async Task RebuildAsync(CancellationToken ct = default)
    {
        var notices = await store.ListNoticesAsync(ct);
        if (index is IPassageVectorCache { Model: { } model } cache && store is IPassageVectorStore vectors)
        {
            cache.LoadVectors(await vectors.ListPassageVectorsAsync(model, ct));
            // What was never embedded (a new model, or texts a new version embeds) runs the model notice by
            // notice and is stored at once: a start stopped half way (a start-up probe's deadline) keeps what
            // it computed, so the next start goes on from there instead of from the beginning.
            foreach (var notice in notices)
            {
                if (cache.EmbedMissing(notice) > 0)
                {
                    await SaveVectorsAsync(ct);
                }
            }
        }

        lock (_gate)
        {
            index.Rebuild(notices);
            _seen = notices.ToDictionary(n => n.Id, n => (n.Revision, n.State), StringComparer.Ordinal);
        }

        await SaveVectorsAsync(ct);
    }

    /// <summary>Stores the vectors the index computed; on failure they stay queued for the next call.</summary>
    private async Task SaveVectorsAsync(CancellationToken ct)
    {
        if (index is not IPassageVectorCache { Model: { } model } cache || store is not IPassageVectorStore vectors)
        {
            return;
        }

        var unsaved = cache.TakeUnsavedVectors();
        if (unsaved.Count == 0)
        {
            return;
        }

        try
        {
            await vectors.SavePassageVectorsAsync(model, unsaved, ct);
        }
        catch
        {
            cache.RequeueVectors(unsaved);
            throw;
        }
    }

    /// <summary>Applies stored changes the index has not seen; returns how many notices changed.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        var notices = await store.ListNoticesAsync(ct);
        var changed = 0;
        lock (_gate)
        {
            foreach (var notice in notices)
            {
                if (!_seen.TryGetValue(notice.Id, out var seen) || seen != (notice.Revision, notice.State))
                {
                    index.Upsert(notice);
                    _seen[notice.Id] = (notice.Revision, notice.State);
                    changed++;
                }
            }

            var stored = notices.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _seen.Keys.Where(id => !stored.Contains(id)).ToList())
            {
                index.Remove(gone);
                _seen.Remove(gone);
                changed++;
            }
        }

        await SaveVectorsAsync(ct);
        return changed;
    }

    public void NoticeChanged(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        lock (_gate)
        {
            index.Upsert(notice);
            _seen[notice.Id] = (notice.Revision, notice.State);
        }

        // Observers are synchronous; the store call is short (a handful of rows). Should it fail, the
        // vectors stay queued and the periodic catch-up stores them.
        try
        {
            SaveVectorsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LastSaveFailure = e;
        }
    }

    /// <summary>Why storing new passage vectors last failed after a change (they are retried), or null.</summary>
    public Exception? LastSaveFailure { get; private set; }
}
