using System.Globalization;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>Ids of platform events already handled, so a retried event is processed once across instances.</summary>
public sealed partial class LiteDbChangeBotStore
{
    public Task<bool> TryMarkEventProcessedAsync(string eventKey, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(TryInsert(_processed, new BsonDocument { [Columns.Id] = eventKey, [Columns.At] = at.UtcTicks }));
    }

    public Task<int> ForgetProcessedEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(_processed.DeleteMany(Query.LT(Columns.At, before.UtcTicks)));
    }
}
