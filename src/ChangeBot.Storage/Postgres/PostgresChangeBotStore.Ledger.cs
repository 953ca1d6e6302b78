using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>The delivery ledger and the append-only records: answers, unanswered questions, processed events, audit.</summary>
public sealed partial class PostgresChangeBotStore
{
    /// <summary>Records per INSERT: large enough to make a broadcast a handful of statements, small enough
    /// to keep each statement's parameters a few MB.</summary>
    private const int ReserveChunk = 1000;

    public async Task<int> TryReserveDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var inserted = 0;
        // One statement per chunk; the primary key still decides each record, across every instance.
        foreach (var chunk in deliveries.Chunk(ReserveChunk))
        {
            inserted += await ExecuteAsync("""
                INSERT INTO deliveries (key, notice_id, status, created_ticks, doc)
                SELECT key, notice_id, status, created_ticks, doc::jsonb
                FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS r(key, notice_id, status, created_ticks, doc)
                ON CONFLICT (key) DO NOTHING
                """, ct,
                chunk.Select(d => d.Key).ToArray(),
                chunk.Select(d => d.NoticeId).ToArray(),
                chunk.Select(d => d.Status.ToString()).ToArray(),
                chunk.Select(d => Ticks(d.CreatedAt)).ToArray(),
                chunk.Select(d => StoreJson.Serialize(d)).ToArray());
        }

        return inserted;
    }

    public Task<Delivery?> GetDeliveryAsync(string key, CancellationToken ct = default) =>
        QuerySingleAsync<Delivery>("SELECT doc FROM deliveries WHERE key = $1", ct, key);

    public async Task<bool> TryStartAttemptAsync(string key, int seenAttempts, CancellationToken ct = default) =>
        // One conditional statement: of two workers that saw the same attempt count, the row lock lets one match.
        await ExecuteAsync("""
            UPDATE deliveries SET doc = jsonb_set(doc, '{attempts}', to_jsonb($2 + 1))
            WHERE key = $1 AND status = 'Pending' AND COALESCE((doc->>'attempts')::int, 0) = $2
            """, ct, key, seenAttempts) == 1;

    public async Task UpdateDeliveryAsync(Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        // One statement: the outcome is merged over the stored document, so identity and creation stay as reserved.
        var outcome = DeliveryOutcome.Of(delivery);
        var updated = await ExecuteAsync("UPDATE deliveries SET status = $2, doc = doc || $3::jsonb WHERE key = $1",
            ct, delivery.Key, outcome.Status.ToString(), StoreJson.Serialize(outcome));
        if (updated == 0)
        {
            throw new KeyNotFoundException($"No delivery '{delivery.Key}' is reserved; reserve it before updating it.");
        }
    }

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string noticeId, CancellationToken ct = default) =>
        await QueryAsync<Delivery>("SELECT doc FROM deliveries WHERE notice_id = $1 ORDER BY created_ticks, key", ct, noticeId);

    public async Task<IReadOnlyList<Delivery>> ListPendingDeliveriesAsync(DateTimeOffset createdBefore, int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        return await QueryAsync<Delivery>("""
            SELECT doc FROM deliveries WHERE status = 'Pending' AND created_ticks < $1
            ORDER BY created_ticks, key LIMIT $2
            """, ct, Ticks(createdBefore), max);
    }

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

    public Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        return ExecuteAsync("""
            INSERT INTO unanswered (id, at_ticks, doc) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (id) DO UPDATE SET at_ticks = excluded.at_ticks, doc = excluded.doc
            """, ct, question.Id, Ticks(question.At), StoreJson.Serialize(question));
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        return await QueryAsync<UnansweredQuestion>("SELECT doc FROM unanswered ORDER BY at_ticks DESC, id DESC LIMIT $1", ct, max);
    }

    public async Task<bool> TryMarkEventProcessedAsync(string eventKey, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        return await ExecuteAsync("INSERT INTO processed_events (event_key, at_ticks) VALUES ($1, $2) ON CONFLICT (event_key) DO NOTHING",
            ct, eventKey, Ticks(at)) == 1;
    }

    public Task<int> ForgetProcessedEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM processed_events WHERE at_ticks < $1", ct, Ticks(before));

    public Task AddAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ExecuteAsync("""
            INSERT INTO audit (id, at_ticks, doc) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (id) DO UPDATE SET at_ticks = excluded.at_ticks, doc = excluded.doc
            """, ct, entry.Id, Ticks(entry.At), StoreJson.Serialize(entry));
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        return await QueryAsync<AuditEntry>("SELECT doc FROM audit ORDER BY at_ticks DESC, id DESC LIMIT $1", ct, max);
    }
}
