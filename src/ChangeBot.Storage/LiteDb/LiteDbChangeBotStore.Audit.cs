using System.Globalization;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>The audit log of support actions, newest first.</summary>
public sealed partial class LiteDbChangeBotStore
{
    public Task AddAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ct.ThrowIfCancellationRequested();
        _audit.Upsert(LogDocument(entry.Id, entry.At, StoreJson.Serialize(entry)));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<AuditEntry>>([.. Newest(_audit, max)
            .Select(d => StoreJson.Deserialize<AuditEntry>(d[Columns.Json].AsString))]);
    }

    private static IEnumerable<BsonDocument> Newest(ILiteCollection<BsonDocument> collection, int max) =>
        max == 0 ? [] : collection.Query().OrderByDescending(Columns.SortKey).Limit(max).ToEnumerable();

    private static BsonDocument LogDocument(string id, DateTimeOffset at, string json) => new()
    {
        [Columns.Id] = id,
        [Columns.SortKey] = Columns.OrderOf(at, id),
        [Columns.Json] = json,
    };
}
