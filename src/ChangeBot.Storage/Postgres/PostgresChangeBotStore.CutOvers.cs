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

    public async Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default) =>
        await QueryAsync<CutOverObservation>("SELECT doc FROM cut_overs WHERE notice_id = $1 ORDER BY seq", ct, noticeId);
}
