using System.Collections.ObjectModel;

namespace ChangeBot.Storage.Postgres;

/// <summary>
/// A notice's deliveries (once none is pending) and answers, kept in this instance's memory under the notice's
/// change stamps (<c>Migrations/0009_notice_change_stamps.sql</c>): the readiness page reads both for 10,000
/// channels on every view, and fetching and parsing them was most of its time. Each read first looks the stamp up
/// (one primary-key row), then serves the kept list if it was kept under that stamp, or reads the rows. Triggers
/// stamp every write of every instance (and of any other writer) in its own transaction, so the next read after a
/// committed write sees a stamp it never kept a list under; a write racing the read can only make the kept list
/// outlive its stamp, never hide the write.
/// </summary>
public sealed partial class PostgresChangeBotStore
{
    /// <summary>A few notices' worth: 16 lists, and rows for about five notices at 10,000 channels.</summary>
    private readonly StampedReadCache _readCache = new(maxLists: 16, maxRows: 100_000);

    /// <summary>For tests: a write made between a read's stamp and its rows, as another instance may.</summary>
    internal Func<Task>? BetweenStampAndRows { get; set; }

    private static string DeliveriesOf(string noticeId) => "deliveries\u001f" + noticeId;

    private static string AnswersOf(string noticeId) => "answers\u001f" + noticeId;

    private const string DeliveriesStampSql = "SELECT deliveries FROM notice_changes WHERE notice_id = $1";

    private const string AnswersStampSql = "SELECT answers FROM notice_changes WHERE notice_id = $1";

    /// <summary>The list <paramref name="rowsSql"/> reads for the notice, from memory while its stamp (what
    /// <paramref name="stampSql"/> reads) is the one it was kept under.</summary>
    /// <param name="keep">whether a list just read may be kept (deliveries: only once none is pending).</param>
    private async Task<IReadOnlyList<T>> StampedReadAsync<T>(
        string key, string stampSql, string rowsSql, string noticeId, CancellationToken ct, Func<IReadOnlyList<T>, bool>? keep = null)
    {
        // Stamp first, rows second (each statement its own snapshot): the rows are never older than the stamp.
        // No row yet: 0, which the notice's first stamped write replaces.
        var stamp = await ScalarAsync<long>(stampSql, ct, noticeId);
        if (_readCache.TryGet<T>(key, stamp, out var kept))
        {
            return kept;
        }

        if (BetweenStampAndRows is { } racingWrite)
        {
            await racingWrite();
        }

        var list = new ReadOnlyCollection<T>(await QueryAsync<T>(rowsSql, ct, noticeId));
        if (keep is null || keep(list))
        {
            _readCache.Keep(key, stamp, list);
        }

        return list;
    }
}
