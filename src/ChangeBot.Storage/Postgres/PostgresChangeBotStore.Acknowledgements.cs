using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>Channels' answers to a notice (ready, not affected, need help), each counted once.</summary>
public sealed partial class PostgresChangeBotStore
{
    public Task AddAcknowledgementAsync(Acknowledgement ack, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return ExecuteAsync("""
            INSERT INTO acknowledgements (notice_id, channel_key, user_id, answer, at_ticks, doc) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
            ON CONFLICT ON CONSTRAINT acknowledgements_once DO NOTHING
            """, ct, ack.NoticeId, ack.ChannelKey, ack.UserId, ack.Answer.ToString(), Ticks(ack.At), StoreJson.Serialize(ack));
    }

    public async Task<IReadOnlyList<Acknowledgement>> ListAcknowledgementsAsync(string noticeId, CancellationToken ct = default) =>
        await QueryAsync<Acknowledgement>("SELECT doc FROM acknowledgements WHERE notice_id = $1 ORDER BY at_ticks, seq", ct, noticeId);
}
