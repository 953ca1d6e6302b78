using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

/// <summary>The audit log of support actions, newest first.</summary>
public sealed partial class InMemoryChangeBotStore
{
    public Task AddAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _audit.RemoveAll(a => a.Id == entry.Id);
            _audit.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([.. _audit
                .OrderByDescending(a => a.At).ThenByDescending(a => a.Id, StringComparer.Ordinal).Take(max)]);
        }
    }
}
