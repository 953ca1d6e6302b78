using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>Notices: the current copy in <c>notices</c>, every stored revision in <c>notice_revisions</c>.</summary>
public sealed partial class LiteDbChangeBotStore
{
    /// <summary>Test hook: runs inside the import transaction before each write, to prove all-or-nothing.</summary>
    internal Action<Notice>? BeforeEachImportWrite { get; set; }

    public Task<Notice?> GetNoticeAsync(string id, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(FindNotice(id));
    }

    public Task<IReadOnlyList<Notice>> ListNoticesAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<Notice>>([.. _notices.Query().OrderBy(Columns.Id).ToEnumerable().Select(ToNotice)]);
    }

    public Task<IReadOnlyList<Notice>> GetRevisionsAsync(string id, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<Notice>>([.. _revisions.Find(Query.EQ(Columns.NoticeId, id))
            .OrderBy(d => d[Columns.Revision].AsInt32)
            .Select(ToNotice)]);
    }

    public Task<IReadOnlyList<ImportResult>> ImportNoticesAsync(IReadOnlyList<Notice> notices, CancellationToken ct = default)
    {
        StoreRules.ValidateImport(notices);
        ct.ThrowIfCancellationRequested();
        var results = InTransaction(() =>
        {
            var outcome = new List<ImportResult>(notices.Count);
            foreach (var incoming in notices)
            {
                var (result, toStore) = StoreRules.DecideImport(FindNotice(incoming.Id), incoming);
                if (toStore is not null)
                {
                    BeforeEachImportWrite?.Invoke(toStore);
                    SaveNotice(toStore);
                }

                outcome.Add(result);
            }

            return outcome;
        });
        return Task.FromResult<IReadOnlyList<ImportResult>>(results);
    }

    public Task<ImportResult?> TryImportNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default)
    {
        StoreRules.ValidateImport([notice]);
        ct.ThrowIfCancellationRequested();
        // The check and the write in one transaction under the write gate: no other save comes in between.
        return Task.FromResult(InTransaction(() =>
        {
            var stored = FindNotice(notice.Id);
            if ((stored?.Revision ?? 0) != expectedRevision)
            {
                return null;
            }

            var (result, toStore) = StoreRules.DecideImport(stored, notice);
            if (toStore is not null)
            {
                SaveNotice(toStore);
            }

            return result;
        }));
    }

    public Task<bool> UpdateNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        StoreRules.ValidateId(notice);
        ct.ThrowIfCancellationRequested();
        var saved = InTransaction(() =>
        {
            if (FindNotice(notice.Id)?.Revision != expectedRevision)
            {
                return false;
            }

            SaveNotice(notice with { Revision = expectedRevision + 1 });
            return true;
        });
        return Task.FromResult(saved);
    }

    public Task<bool> UpdateNoticeAndReserveAsync(Notice notice, int expectedRevision, IReadOnlyList<Delivery> owed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(owed);
        StoreRules.ValidateId(notice);
        ct.ThrowIfCancellationRequested();
        // One transaction: the compare-and-set decides whether the deliveries are written at all. The gate is
        // held past the commit so the progress tallies move with it (LiteDbChangeBotStore.BroadcastProgress.cs).
        bool saved;
        lock (_writeGate)
        {
            Reservation? reservation = null;
            saved = InTransaction(() =>
            {
                if (FindNotice(notice.Id)?.Revision != expectedRevision)
                {
                    return false;
                }

                SaveNotice(notice with { Revision = expectedRevision + 1 });
                reservation = ReserveInTransaction(owed);
                return true;
            });
            if (reservation is not null)
            {
                TallyReserved(reservation);
            }
        }

        if (saved)
        {
            Forget(owed.Select(d => DeliveriesOf(d.NoticeId)).Distinct(StringComparer.Ordinal));
        }

        return Task.FromResult(saved);
    }

    private Notice? FindNotice(string id)
    {
        var doc = _notices.FindById(id);
        return doc is null ? null : ToNotice(doc);
    }

    private void SaveNotice(Notice notice)
    {
        var json = StoreJson.Serialize(notice);
        _notices.Upsert(new BsonDocument { [Columns.Id] = notice.Id, [Columns.Json] = json });
        // Insert, not upsert: a revision once stored is history and never rewritten.
        _revisions.Insert(new BsonDocument
        {
            [Columns.Id] = $"{notice.Id}#{notice.Revision}",
            [Columns.NoticeId] = notice.Id,
            [Columns.Revision] = notice.Revision,
            [Columns.Json] = json,
        });
    }

    private static Notice ToNotice(BsonDocument doc) => StoreJson.Deserialize<Notice>(doc[Columns.Json].AsString);
}
