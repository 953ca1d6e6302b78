using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Notices;

/// <summary>
/// Imports notice files into the store, the same way for the CLI, the REST API and the start-up seed:
/// validate everything first, store all or nothing, then tell observers (the answer index).
/// </summary>
public sealed class NoticeCatalog(INoticeStore store, NoticeImporter importer, IEnumerable<INoticeObserver> observers)
{
    public Task<ImportReport> ImportFilesAsync(IEnumerable<string> paths, CancellationToken ct = default) =>
        StoreAsync(importer.ParseFiles(paths), ct);

    /// <summary>One notice sent as text (REST); <paramref name="sourceName"/> names it in errors.</summary>
    public Task<ImportReport> ImportContentAsync(string content, string sourceName, CancellationToken ct = default)
    {
        var parsed = importer.Parse(content, sourceName);
        return StoreAsync(new NoticeBatch(parsed.Notice is { } n && parsed.Errors.Count == 0 ? [n] : [], parsed.Errors), ct);
    }

    private async Task<ImportReport> StoreAsync(NoticeBatch batch, CancellationToken ct)
    {
        if (!batch.Succeeded)
        {
            return new ImportReport(batch.Errors, []);
        }

        var results = await store.ImportNoticesAsync(batch.Notices, ct);
        foreach (var result in results.Where(r => r.Outcome != ImportOutcome.Unchanged))
        {
            if (await store.GetNoticeAsync(result.Id, ct) is { } stored)
            {
                foreach (var observer in observers)
                {
                    observer.NoticeChanged(stored);
                }
            }
        }

        return new ImportReport([], results);
    }
}

public sealed record ImportReport(IReadOnlyList<NoticeError> Errors, IReadOnlyList<ImportResult> Results)
{
    public bool Succeeded => Errors.Count == 0;
}
