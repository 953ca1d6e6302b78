using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>The last chain check per (notice, channel).</summary>
public sealed partial class PostgresChangeBotStore
{
    public Task AddChannelCheckAsync(ChannelCheck check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        // One statement: the newer result wins even when two instances write at once.
        return ExecuteAsync("""
            INSERT INTO channel_checks (notice_id, channel_key, at_ticks, doc) VALUES ($1, $2, $3, $4::jsonb)
            ON CONFLICT (notice_id, channel_key) DO UPDATE SET at_ticks = excluded.at_ticks, doc = excluded.doc
            WHERE channel_checks.at_ticks <= excluded.at_ticks
            """, ct, check.NoticeId, check.ChannelKey, Ticks(check.At), StoreJson.Serialize(check));
    }

    public async Task<IReadOnlyList<ChannelCheck>> ListLatestChannelChecksAsync(string noticeId, CancellationToken ct = default) =>
        await QueryAsync<ChannelCheck>("SELECT doc FROM channel_checks WHERE notice_id = $1 ORDER BY channel_key", ct, noticeId);
}
