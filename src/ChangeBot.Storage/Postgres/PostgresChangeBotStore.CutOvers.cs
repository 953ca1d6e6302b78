using ChangeBot.Core.CutOvers;

namespace ChangeBot.Storage.Postgres;

/// <summary>Switches seen by cut-over detection; the primary key makes the first writer of a sequence win.</summary>
public sealed partial class PostgresChangeBotStore
{
    public async Task<bool> TryAddCutOverAsync(CutOverObservation observation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return await ExecuteAsync("""
            INSERT INTO cut_overs (notice_id, seq, doc) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (notice_id, seq) DO NOTHING
            """, ct, observation.NoticeId, observation.Sequence, StoreJson.Serialize(observation)) == 1;
    }

    public async Task<bool> TryClaimCutOverProbeAsync(string noticeId, string endpoint, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default) =>
        // One statement: of two instances claiming at once, only one inserts or moves the row.
        await ExecuteAsync("""
            INSERT INTO cut_over_probes (notice_id, endpoint, at_ticks) VALUES ($1, $2, $3)
            ON CONFLICT (notice_id, endpoint) DO UPDATE SET at_ticks = excluded.at_ticks
            WHERE cut_over_probes.at_ticks <= $4
            """, ct, noticeId, endpoint, Ticks(now), Ticks(now - interval)) == 1;

    public async Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default) =>
        await QueryAsync<CutOverObservation>("SELECT doc FROM cut_overs WHERE notice_id = $1 ORDER BY seq", ct, noticeId);
}
