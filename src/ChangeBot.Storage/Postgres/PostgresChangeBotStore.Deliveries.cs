using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>The delivery ledger: one record per message owed, reserved before it is sent (docs/architecture.md#the-delivery-ledger).</summary>
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
            inserted += await ExecuteAsync(ReserveSql, ct, ReserveArgs(chunk));
        }

        return inserted;
    }

    private const string ReserveSql = """
        INSERT INTO deliveries (key, notice_id, status, created_ticks, doc)
        SELECT key, notice_id, status, created_ticks, doc::jsonb
        FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS r(key, notice_id, status, created_ticks, doc)
        ON CONFLICT (key) DO NOTHING
        """;

    private static object?[] ReserveArgs(Delivery[] chunk) =>
    [
        chunk.Select(d => d.Key).ToArray(),
        chunk.Select(d => d.NoticeId).ToArray(),
        chunk.Select(d => d.Status.ToString()).ToArray(),
        chunk.Select(d => Ticks(d.CreatedAt)).ToArray(),
        chunk.Select(d => StoreJson.Serialize(d)).ToArray(),
    ];

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

    /// <remarks>Kept in memory, and brought up to date with the rows written since (<see cref="IncrementalReadAsync"/>):
    /// while a fan-out runs, a view fetches only the deliveries sent since the last one.</remarks>
    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string noticeId, CancellationToken ct = default) =>
        IncrementalReadAsync<Delivery>(DeliveriesOf(noticeId), DeliveryRows, noticeId, ct);

    public async Task<IReadOnlyList<Delivery>> ListPendingDeliveriesAsync(DateTimeOffset createdBefore, int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        return await QueryAsync<Delivery>("""
            SELECT doc FROM deliveries WHERE status = 'Pending' AND created_ticks < $1
            ORDER BY created_ticks, key LIMIT $2
            """, ct, Ticks(createdBefore), max);
    }
}
