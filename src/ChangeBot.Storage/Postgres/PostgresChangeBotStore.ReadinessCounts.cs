using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.Storage.Postgres;

/// <summary>Readiness counts of many notices in one aggregate statement (<see cref="Core.Storage.IReadinessCountStore"/>).</summary>
public sealed partial class PostgresChangeBotStore
{
    // The channels are those broadcast to, answered from or checked in; each counts by its latest answer (highest
    // instant, then the one stored last: seq), as Readiness.Count does over the listed rows.
    private const string CountReadinessSql = """
        WITH channels AS (
            SELECT notice_id, doc->>'channelKey' COLLATE "C" AS channel_key FROM deliveries
            WHERE notice_id = ANY($1) AND doc->>'kind' = 'Broadcast'
            UNION
            SELECT notice_id, channel_key FROM acknowledgements WHERE notice_id = ANY($1)
            UNION
            SELECT notice_id, channel_key FROM channel_checks WHERE notice_id = ANY($1)
        ), latest AS (
            SELECT DISTINCT ON (notice_id, channel_key) notice_id, channel_key, answer FROM acknowledgements
            WHERE notice_id = ANY($1)
            ORDER BY notice_id, channel_key, at_ticks DESC, seq DESC
        )
        SELECT c.notice_id, count(*)::int,
            (count(*) FILTER (WHERE l.answer = 'Ready'))::int,
            (count(*) FILTER (WHERE l.answer = 'NotAffected'))::int,
            (count(*) FILTER (WHERE l.answer = 'NeedHelp'))::int
        FROM channels c LEFT JOIN latest l ON l.notice_id = c.notice_id AND l.channel_key = c.channel_key
        GROUP BY c.notice_id
        """;

    public async Task<IReadOnlyDictionary<string, ReadinessCounts>> CountReadinessAsync(IReadOnlyCollection<string> noticeIds, CancellationToken ct = default)
    {
        var ids = StoreRules.ValidateReadinessIds(noticeIds);
        var counts = ids.ToDictionary(id => id, _ => ReadinessCounts.None, StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return counts;
        }

        await using var command = Command(CountReadinessSql, [ids.ToArray()]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            int channels = reader.GetInt32(1), ready = reader.GetInt32(2), notAffected = reader.GetInt32(3), help = reader.GetInt32(4);
            counts[reader.GetString(0)] = new ReadinessCounts(channels, ready, notAffected, help, channels - ready - notAffected - help);
        }

        return counts;
    }
}
