using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Postgres;

/// <summary>Notices: the current copy in <c>notices</c>, every stored revision in <c>notice_revisions</c>.</summary>
public sealed partial class PostgresChangeBotStore
{
    /// <summary>Imports serialize on this transaction-level advisory lock: two instances importing the same new
    /// notice would otherwise both see it missing and one would fail on the primary key.</summary>
    private const long ImportLockKey = 0x4348_414E_4745_4249;

    /// <summary>Saves a notice and records the revision, in one statement.</summary>
    private const string SaveNoticeSql = """
        WITH saved AS (
            INSERT INTO notices (id, revision, doc) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc
            RETURNING id, revision, doc)
        INSERT INTO notice_revisions (notice_id, revision, doc) SELECT id, revision, doc FROM saved
        """;

    /// <summary>The compare-and-swap: only a row still at the expected revision changes, and only then is the
    /// revision recorded. Concurrent callers queue on the row lock and re-check the revision, so one wins.</summary>
    private const string CompareAndSwapSql = """
        WITH saved AS (
            UPDATE notices SET revision = $2 + 1, doc = $3::jsonb WHERE id = $1 AND revision = $2
            RETURNING id, revision, doc)
        INSERT INTO notice_revisions (notice_id, revision, doc) SELECT id, revision, doc FROM saved
        """;

    /// <summary>Test hook: runs inside the import transaction before each write, to prove all-or-nothing.</summary>
    internal Action<Notice>? BeforeEachImportWrite { get; set; }

    public Task<Notice?> GetNoticeAsync(string id, CancellationToken ct = default) =>
        QuerySingleAsync<Notice>("SELECT doc FROM notices WHERE id = $1", ct, id);

    public async Task<IReadOnlyList<Notice>> ListNoticesAsync(CancellationToken ct = default) =>
        await QueryAsync<Notice>("SELECT doc FROM notices ORDER BY id", ct);

    public async Task<IReadOnlyList<Notice>> GetRevisionsAsync(string id, CancellationToken ct = default) =>
        await QueryAsync<Notice>("SELECT doc FROM notice_revisions WHERE notice_id = $1 ORDER BY revision", ct, id);

    public async Task<IReadOnlyList<ImportResult>> ImportNoticesAsync(IReadOnlyList<Notice> notices, CancellationToken ct = default)
    {
        StoreRules.ValidateImport(notices);
        return (await ImportAsync(notices, expectedRevision: null, ct))!;
    }

    public async Task<ImportResult?> TryImportNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default)
    {
        StoreRules.ValidateImport([notice]);
        return (await ImportAsync([notice], expectedRevision, ct))?.Single();
    }

    /// <summary>The import transaction; with <paramref name="expectedRevision"/>, null (rolled back) when the one
    /// notice's stored revision is another: the row lock (or, for a new notice, the import lock) held from the read
    /// to the commit makes the check and the write one step.</summary>
    private async Task<IReadOnlyList<ImportResult>?> ImportAsync(IReadOnlyList<Notice> notices, int? expectedRevision, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockImports = Command(connection, transaction, "SELECT pg_advisory_xact_lock($1)", ImportLockKey))
        {
            await lockImports.ExecuteNonQueryAsync(ct);
        }

        // FOR UPDATE: a concurrent compare-and-swap waits for this import and then sees the new revision.
        Dictionary<string, Notice> stored;
        object ids = notices.Select(n => n.Id).ToArray(); // one text[] argument, not one argument per id
        await using (var read = Command(connection, transaction, "SELECT doc FROM notices WHERE id = ANY($1) FOR UPDATE", ids))
        {
            stored = (await ReadDocumentsAsync<Notice>(read, ct)).ToDictionary(n => n.Id, StringComparer.Ordinal);
        }

        if (expectedRevision is { } expected && (stored.GetValueOrDefault(notices[0].Id)?.Revision ?? 0) != expected)
        {
            return null;
        }

        var results = new List<ImportResult>(notices.Count);
        foreach (var incoming in notices)
        {
            var (result, toStore) = StoreRules.DecideImport(stored.GetValueOrDefault(incoming.Id), incoming);
            if (toStore is not null)
            {
                BeforeEachImportWrite?.Invoke(toStore);
                await using var save = Command(connection, transaction, SaveNoticeSql, toStore.Id, toStore.Revision, StoreJson.Serialize(toStore));
                await save.ExecuteNonQueryAsync(ct);
            }

            results.Add(result);
        }

        // Leaving without committing (an exception above) rolls the whole batch back.
        await transaction.CommitAsync(ct);
        return results;
    }

    public async Task<bool> UpdateNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        StoreRules.ValidateId(notice);
        var next = notice with { Revision = expectedRevision + 1 };
        return await ExecuteAsync(CompareAndSwapSql, ct, notice.Id, expectedRevision, StoreJson.Serialize(next)) == 1;
    }

    public async Task<bool> UpdateNoticeAndReserveAsync(Notice notice, int expectedRevision, IReadOnlyList<Delivery> owed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(owed);
        StoreRules.ValidateId(notice);
        var next = notice with { Revision = expectedRevision + 1 };
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var swap = Command(connection, transaction, CompareAndSwapSql, notice.Id, expectedRevision, StoreJson.Serialize(next)))
        {
            // Lost: roll back (dispose) without reserving anything.
            if (await swap.ExecuteNonQueryAsync(ct) != 1)
            {
                return false;
            }
        }

        // The row lock the swap took is held to the commit, so no one sees the notice without its deliveries.
        foreach (var chunk in owed.Chunk(ReserveChunk))
        {
            await using var reserve = Command(connection, transaction, ReserveSql, ReserveArgs(chunk));
            await reserve.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }
}
