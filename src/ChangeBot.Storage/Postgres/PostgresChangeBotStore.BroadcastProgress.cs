using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>A notice's broadcast progress counted in the database (<see cref="Core.Storage.IBroadcastProgressStore"/>).</summary>
public sealed partial class PostgresChangeBotStore
{
    // One statement, so the counts and the failures listed come from one snapshot. The counts are one pass over the
    // notice's rows (deliveries_by_notice) with the stages of BroadcastTally.StageOf; the failures are sorted as
    // BroadcastTally.FailureOrder sorts them (kind by its enum position, $3) and cut at $2. Every row comes back with
    // the counts; with no failure listed, one row with a null document.
    private const string CountProgressSql = """
        WITH d AS (
            SELECT status, doc->>'kind' = 'Broadcast' AS broadcast,
                   COALESCE((doc->>'attempts')::int, 0) > 0 AND doc->>'error' IS NOT NULL AS retrying
            FROM deliveries WHERE notice_id = $1
        ), counts AS (
            SELECT count(*) FILTER (WHERE broadcast AND status = 'Sent') AS sent,
                   count(*) FILTER (WHERE broadcast AND status NOT IN ('Sent', 'Failed') AND NOT retrying) AS pending,
                   count(*) FILTER (WHERE broadcast AND status NOT IN ('Sent', 'Failed') AND retrying) AS throttled,
                   count(*) FILTER (WHERE broadcast AND status = 'Failed') AS failed,
                   count(*) FILTER (WHERE status = 'Failed') AS failures
            FROM d
        ), listed AS (
            SELECT doc, (doc->>'channelKey') COLLATE "C" AS channel, array_position($3::text[], doc->>'kind') AS kind, created_ticks, key
            FROM deliveries WHERE notice_id = $1 AND status = 'Failed'
            ORDER BY channel, kind, created_ticks, key LIMIT $2
        )
        SELECT c.sent, c.pending, c.throttled, c.failed, c.failures, l.doc::text
        FROM counts c LEFT JOIN listed l ON true
        ORDER BY l.channel, l.kind, l.created_ticks, l.key
        """;

    private static readonly string[] KindsInOrder = Enum.GetValues<DeliveryKind>().Order().Select(k => k.ToString()).ToArray();

    public async Task<BroadcastProgress> CountProgressAsync(string noticeId, int maxFailures, CancellationToken ct = default)
    {
        StoreRules.ValidateProgressQuery(noticeId, maxFailures);
        await using var command = Command(CountProgressSql, [noticeId, maxFailures, KindsInOrder]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        int sent = 0, pending = 0, throttled = 0, failed = 0, failures = 0;
        var listed = new List<Delivery>();
        while (await reader.ReadAsync(ct))
        {
            (sent, pending, throttled, failed, failures) =
                ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4));
            if (!reader.IsDBNull(5))
            {
                listed.Add(StoreJson.Deserialize<Delivery>(reader.GetString(5)));
            }
        }

        return new BroadcastProgress(sent, pending, throttled, failed, listed) { FailuresTotal = failures };
    }
}
