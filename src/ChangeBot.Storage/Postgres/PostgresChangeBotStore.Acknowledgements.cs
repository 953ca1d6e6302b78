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

    /// <summary>Many answers, one statement per chunk of <see cref="ReserveChunk"/>, stored (and given their
    /// <c>seq</c>) in the order listed; each row is counted by the trigger as one <see cref="AddAcknowledgementAsync"/>
    /// would be. For seeding benchmarks (tests/ChangeBot.Benchmarks/SupportConsole), as LiteDB's is.</summary>
    internal async Task AddAcknowledgementsAsync(IReadOnlyList<Acknowledgement> acks, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(acks);
        foreach (var chunk in acks.Chunk(ReserveChunk))
        {
            await ExecuteAsync("""
                INSERT INTO acknowledgements (notice_id, channel_key, user_id, answer, at_ticks, doc)
                SELECT notice_id, channel_key, user_id, answer, at_ticks, doc::jsonb
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
                    WITH ORDINALITY AS r(notice_id, channel_key, user_id, answer, at_ticks, doc, listed)
                ORDER BY listed
                ON CONFLICT ON CONSTRAINT acknowledgements_once DO NOTHING
                """, ct,
                chunk.Select(a => a.NoticeId).ToArray(),
                chunk.Select(a => a.ChannelKey).ToArray(),
                chunk.Select(a => a.UserId).ToArray(),
                chunk.Select(a => a.Answer.ToString()).ToArray(),
                chunk.Select(a => Ticks(a.At)).ToArray(),
                chunk.Select(a => StoreJson.Serialize(a)).ToArray());
        }
    }

    /// <remarks>Kept in memory; a read after new answers fetches only those (<see cref="IncrementalReadAsync"/>).</remarks>
    public Task<IReadOnlyList<Acknowledgement>> ListAcknowledgementsAsync(string noticeId, CancellationToken ct = default) =>
        IncrementalReadAsync<Acknowledgement>(AnswersOf(noticeId), AnswerRows, noticeId, ct);
}
