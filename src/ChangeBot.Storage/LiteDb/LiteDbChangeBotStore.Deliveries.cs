using System.Globalization;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>The delivery ledger: one record per message owed, reserved before it is sent (docs/architecture.md#the-delivery-ledger).</summary>
public sealed partial class LiteDbChangeBotStore
{
    public Task<int> TryReserveDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ct.ThrowIfCancellationRequested();
        // One transaction (one journal commit) instead of one per record; under the write gate, and with the
        // data file held by this process alone, looking the key up first cannot race another writer. The gate is
        // held past the commit so the progress tallies move with it (LiteDbChangeBotStore.BroadcastProgress.cs).
        int inserted;
        lock (_writeGate)
        {
            Reservation? reservation = null;
            inserted = InTransaction(() => (reservation = ReserveInTransaction(deliveries)).Added.Count);
            TallyReserved(reservation!);
        }

        Forget(deliveries.Select(d => DeliveriesOf(d.NoticeId)).Distinct(StringComparer.Ordinal));
        return Task.FromResult(inserted);
    }

    /// <summary>The deliveries a reservation inserted, and the notices that had none before it.</summary>
    private sealed record Reservation(List<Delivery> Added, List<string> Fresh);

    /// <summary>The reservation's writes, inside a transaction the caller holds; <see cref="TallyReserved"/> once committed.</summary>
    private Reservation ReserveInTransaction(IReadOnlyList<Delivery> deliveries)
    {
        var fresh = NoticesWithoutDeliveries(deliveries);
        var added = new List<Delivery>();
        var counters = new Dictionary<string, BsonDocument>(StringComparer.Ordinal);
        foreach (var delivery in deliveries.Where(d => _deliveries.FindById(d.Key) is null))
        {
            _deliveries.Insert(DeliveryDocument(delivery));
            added.Add(delivery);
            if (delivery.Kind == DeliveryKind.Broadcast)
            {
                CountChannel(counters, delivery.NoticeId, delivery.ChannelKey);
            }
        }

        SaveCounters(counters);
        return new Reservation(added, fresh);
    }

    /// <summary>Moves the progress tallies for a committed reservation (under <see cref="_writeGate"/>).</summary>
    private void TallyReserved(Reservation reservation)
    {
        StartTallies(reservation.Fresh);
        reservation.Added.ForEach(d => Tally(null, d));
    }

    public Task<Delivery?> GetDeliveryAsync(string key, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var doc = _deliveries.FindById(key);
        return Task.FromResult(doc is null ? null : ToDelivery(doc));
    }

    public Task<bool> TryStartAttemptAsync(string key, int seenAttempts, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Delivery? before = null, after = null;
        bool started;
        lock (_writeGate)
        {
            started = InTransaction(() =>
            {
                if (_deliveries.FindById(key) is not { } doc || ToDelivery(doc) is not { Status: DeliveryStatus.Pending } stored || stored.Attempts != seenAttempts)
                {
                    return false;
                }

                (before, after) = (stored, stored with { Attempts = seenAttempts + 1 });
                return _deliveries.Update(DeliveryDocument(after));
            });
            if (started)
            {
                // Under the gate, as in UpdateDeliveryAsync: kept lists take the updates in the order they committed.
                Tally(before, after!);
                KeepUpdated(after!);
            }
        }

        return Task.FromResult(started);
    }

    public Task UpdateDeliveryAsync(Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            Delivery before = null!, after = null!;
            InTransaction(() =>
            {
                before = ToDelivery(_deliveries.FindById(delivery.Key)
                    ?? throw new KeyNotFoundException($"No delivery '{delivery.Key}' is reserved; reserve it before updating it."));
                after = StoreRules.ApplyDeliveryUpdate(before, delivery);
                return _deliveries.Update(DeliveryDocument(after));
            });
            Tally(before, after);
            KeepUpdated(after);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        // Kept, and brought up to date by each delivery update (a running fan-out's views read memory, not the file).
        return Task.FromResult(CachedRead(DeliveriesOf(noticeId), () => ReadDeliveries(noticeId), keyOf: d => d.Key));
    }

    /// <summary>The notice's deliveries from the file, oldest first.</summary>
    private IEnumerable<Delivery> ReadDeliveries(string noticeId) => _deliveries.Query()
        .Where(Query.EQ(Columns.NoticeId, noticeId))
        .OrderBy(Columns.SortKey)
        .ToEnumerable()
        .Select(ToDelivery);

    public Task<IReadOnlyList<Delivery>> ListPendingDeliveriesAsync(DateTimeOffset createdBefore, int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        ct.ThrowIfCancellationRequested();
        if (max == 0)
        {
            return Task.FromResult<IReadOnlyList<Delivery>>([]);
        }

        return Task.FromResult<IReadOnlyList<Delivery>>([.. _deliveries.Query()
            .Where(Query.And(
                Query.EQ(Columns.Status, nameof(DeliveryStatus.Pending)),
                Query.LT(Columns.CreatedAt, createdBefore.UtcTicks)))
            .OrderBy(Columns.SortKey)
            .Limit(max)
            .ToEnumerable()
            .Select(ToDelivery)]);
    }

    private static bool TryInsert(ILiteCollection<BsonDocument> collection, BsonDocument doc)
    {
        try
        {
            collection.Insert(doc);
            return true;
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    private static BsonDocument DeliveryDocument(Delivery delivery) => new()
    {
        [Columns.Id] = delivery.Key,
        [Columns.NoticeId] = delivery.NoticeId,
        [Columns.Status] = delivery.Status.ToString(),
        [Columns.CreatedAt] = delivery.CreatedAt.UtcTicks,
        [Columns.SortKey] = Columns.OrderOf(delivery.CreatedAt, delivery.Key),
        [Columns.Json] = StoreJson.Serialize(delivery),
    };

    private static Delivery ToDelivery(BsonDocument doc) => StoreJson.Deserialize<Delivery>(doc[Columns.Json].AsString);
}
