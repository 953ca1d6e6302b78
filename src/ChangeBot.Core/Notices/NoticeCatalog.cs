using ChangeBot.Core.Audit;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Notices;

/// <summary>
/// Imports notice files into the store, the same way for the CLI, the REST API and the start-up seed:
/// validate everything first, store all or nothing, audit each created or changed notice in the actor's
/// name, then tell observers (the answer index). Re-importing an unchanged file changes nothing, so it is
/// not audited (restarts re-import the seed notices).
/// </summary>
public sealed class NoticeCatalog(INoticeStore store, NoticeImporter importer, AuditTrail audit, IEnumerable<INoticeObserver> observers)
{
    public Task<ImportReport> ImportFilesAsync(IEnumerable<string> paths, Actor actor, CancellationToken ct = default) =>
        StoreAsync(importer.ParseFiles(paths), actor, ct);

    /// <summary>One notice sent as text (REST); <paramref name="sourceName"/> names it in errors.</summary>
    public Task<ImportReport> ImportContentAsync(string content, string sourceName, Actor actor, CancellationToken ct = default) =>
        StoreAsync(ParseOne(content, sourceName), actor, ct);

    /// <summary>One notice sent as text, saved only if the stored copy is still at <paramref name="expectedRevision"/>
    /// (the revision the editor's form was opened at; 0 for a new notice), checked atomically with the save: a
    /// report with <see cref="ImportReport.Conflict"/> when someone else saved meanwhile, and nothing changes.</summary>
    public Task<ImportReport> ImportContentAsync(string content, string sourceName, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        ImportContentAsync(content, sourceName, actor, expectedRevision, null, ct);

    /// <summary>As above, for an edit of a stored notice: a <c>bundle:</c> naming <paramref name="kept"/>'s file keeps
    /// that stored PEM (no file is read).</summary>
    public Task<ImportReport> ImportContentAsync(string content, string sourceName, Actor actor, int expectedRevision, KeptBundle? kept, CancellationToken ct = default) =>
        StoreAsync(ParseOne(content, sourceName, kept), actor, ct,
            async (notices, token) => await store.TryImportNoticeAsync(notices.Single(), expectedRevision, token) is { } result ? [result] : null);

    private NoticeBatch ParseOne(string content, string sourceName, KeptBundle? kept = null)
    {
        var parsed = importer.Parse(content, sourceName, kept);
        return new NoticeBatch(parsed.Notice is { } n && parsed.Errors.Count == 0 ? [n] : [], parsed.Errors);
    }

    private async Task<ImportReport> StoreAsync(NoticeBatch batch, Actor actor, CancellationToken ct,
        Func<IReadOnlyList<Notice>, CancellationToken, Task<IReadOnlyList<ImportResult>?>>? save = null)
    {
        if (!batch.Succeeded)
        {
            return new ImportReport(batch.Errors, []);
        }

        var results = save is null ? await store.ImportNoticesAsync(batch.Notices, ct) : await save(batch.Notices, ct);
        if (results is null)
        {
            return new ImportReport([], []) { Conflict = true };
        }

        foreach (var result in results.Where(r => r.Outcome != ImportOutcome.Unchanged))
        {
            await audit.RecordAsync(actor, "import", result.Id, $"{result.Outcome} revision {result.Revision}", ct);
            if (await store.GetNoticeAsync(result.Id, ct) is { } stored)
            {
                foreach (var observer in observers)
                {
                    observer.NoticeChanged(stored);
                }
            }
        }

        return new ImportReport([], results) { Warnings = [.. batch.Notices.SelectMany(DistrustWarnings)] };
    }

    /// <summary>A notice may announce a distrusted root (support then learns it now, not from customers);
    /// it is imported anyway, since the notice is the vendor's word.</summary>
    private static IEnumerable<string> DistrustWarnings(Notice notice)
    {
        foreach (var announced in new[] { notice.Certificates?.Root, notice.Certificates?.Intermediate })
        {
            if (announced is not null && DistrustList.Embedded.Find(announced.Sha256, announced.Subject) is { } distrusted)
            {
                yield return $"{notice.Id}: the notice announces {distrusted.Summary(distrusted.Decisions)}; clients on those platforms will refuse the new chain.";
            }
        }
    }
}

public sealed record ImportReport(IReadOnlyList<NoticeError> Errors, IReadOnlyList<ImportResult> Results)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;

    /// <summary>The notice was not at the expected revision any more: nothing was stored.</summary>
    public bool Conflict { get; init; }

    /// <summary>Worth telling support, but no reason to refuse the import (e.g. an announced root that is distrusted).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
