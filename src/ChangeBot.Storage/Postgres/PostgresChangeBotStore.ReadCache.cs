using System.Globalization;
using Npgsql;

namespace ChangeBot.Storage.Postgres;

/// <summary>
/// A notice's deliveries and answers, kept in this instance's memory and brought up to date incrementally
/// (<c>Migrations/0010_incremental_notice_reads.sql</c>): the readiness page reads both for 10,000 channels on every
/// view, and fetching and parsing them was most of its time. Each read is one statement: the rows written by
/// transactions from the kept list's snapshot xmin on (none: every row), that statement's own snapshot xmin, and the
/// notice's removed stamp. The rows are merged into the kept list (same row: replaced; new: inserted in order); a
/// changed removed stamp (a row deleted, by an operator) reads the notice whole instead. Every instance's writes,
/// and any other writer's, are seen by the next read, whatever order they commit in.
/// </summary>
public sealed partial class PostgresChangeBotStore
{
    /// <summary>A few notices' worth: 16 lists, and rows for about five notices at 10,000 channels.</summary>
    private readonly KeptListCache _readCache = new(maxLists: 16, maxRows: 100_000);

    /// <summary>For tests: a write made after a read took its kept list and before it reads the rows, as another
    /// instance may.</summary>
    internal Func<Task>? BetweenKeptAndRows { get; set; }

    private static string DeliveriesOf(string noticeId) => "deliveries\u001f" + noticeId;

    private static string AnswersOf(string noticeId) => "answers\u001f" + noticeId;

    /// <summary>How to read one kind of notice rows: the statement reading all of them, the one reading those written
    /// from a transaction id on (<c>$2</c>), and each row's <see cref="RowKey"/> (columns 2 and 3; 4 is the writer, 5 the
    /// document).</summary>
    private sealed record NoticeRows(string AllSql, string SinceSql, Func<NpgsqlDataReader, RowKey> KeyOf);

    /// <summary>The rows' statement: one row of (snapshot xmin, removed stamp) joined with the rows (one row of NULLs
    /// when there are none), all from the statement's one snapshot. <paramref name="written"/> limits the rows.</summary>
    private static string NoticeRowsSql(string table, string removedColumn, string columns, string order, string written) => $"""
        SELECT s.xmin::text, s.removed, r.*
        FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin,
                COALESCE((SELECT {removedColumn} FROM notice_changes WHERE notice_id = $1), 0) AS removed) s
        LEFT JOIN (SELECT {columns} FROM {table} WHERE notice_id = $1{written} ORDER BY {order}) r ON true
        """;

    private static NoticeRows Rows(string table, string removedColumn, string columns, string order, Func<NpgsqlDataReader, RowKey> keyOf) => new(
        NoticeRowsSql(table, removedColumn, columns, order, ""),
        NoticeRowsSql(table, removedColumn, columns, order, " AND written_by >= $2::text::xid8"),
        keyOf);

    private static readonly NoticeRows DeliveryRows = Rows("deliveries", "deliveries_removed", "key, created_ticks, written_by::text, doc",
        "created_ticks, key", r => new RowKey(r.GetInt64(3), 0, r.GetString(2)));

    private static readonly NoticeRows AnswerRows = Rows("acknowledgements", "answers_removed", "seq, at_ticks, written_by::text, doc",
        "at_ticks, seq", r => new RowKey(r.GetInt64(3), r.GetInt64(2), ""));

    /// <summary>The notice's rows, from the kept list merged with the rows written since it was read.</summary>
    private async Task<IReadOnlyList<T>> IncrementalReadAsync<T>(string key, NoticeRows rows, string noticeId, CancellationToken ct)
    {
        var kept = _readCache.TryGet<T>(key, out var list) ? (KeptRows<T>)list : null;
        if (BetweenKeptAndRows is { } racingWrite)
        {
            await racingWrite();
        }

        var (changed, since, removed) = await ReadNoticeRowsAsync(rows, noticeId, kept, ct);
        if (kept is not null && removed != kept.Removed)
        {
            // A row was removed since the kept read: it cannot be fetched, so read the notice whole.
            kept = null;
            (changed, since, removed) = await ReadNoticeRowsAsync(rows, noticeId, kept, ct);
        }

        var current = kept is null ? KeptRows<T>.Of(changed, since, removed) : kept.Merge(changed, since, removed);
        if (!ReferenceEquals(current, kept))
        {
            _readCache.Keep(key, current);
        }

        return current;
    }

    /// <summary>The rows written since <paramref name="kept"/> was read (all of them without it), leaving out those
    /// it holds as they are (fetched again, not parsed again).</summary>
    private async Task<(List<KeptRows<T>.Row> Rows, ulong Since, long Removed)> ReadNoticeRowsAsync<T>(
        NoticeRows rows, string noticeId, KeptRows<T>? kept, CancellationToken ct)
    {
        await using var command = kept is not null
            ? Command(rows.SinceSql, [noticeId, kept.Since.ToString(CultureInfo.InvariantCulture)])
            : Command(rows.AllSql, [noticeId]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var read = new List<KeptRows<T>.Row>();
        ulong snapshotXmin = 0;
        long removed = 0;
        while (await reader.ReadAsync(ct))
        {
            snapshotXmin = ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
            removed = reader.GetInt64(1);
            if (reader.IsDBNull(5))
            {
                continue; // no rows: the one row of NULLs
            }

            var key = rows.KeyOf(reader);
            var writtenBy = reader.IsDBNull(4) ? 0 : ulong.Parse(reader.GetString(4), CultureInfo.InvariantCulture);
            if (kept?.Holds(key, writtenBy) != true)
            {
                read.Add(new(key, writtenBy, StoreJson.Deserialize<T>(reader.GetString(5))));
            }
        }

        return (read, snapshotXmin, removed);
    }
}
