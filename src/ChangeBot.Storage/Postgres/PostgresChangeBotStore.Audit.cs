using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>The audit log of support actions, newest first.</summary>
public sealed partial class PostgresChangeBotStore
{
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
