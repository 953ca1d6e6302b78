using System.Globalization;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>The delivery ledger and the append-only records: answers, unanswered questions, processed events, audit.</summary>
public sealed partial class LiteDbChangeBotStore
{
    public Task<int> TryReserveDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ct.ThrowIfCancellationRequested();
        // One transaction (one journal commit) instead of one per record; under the write gate, and with the
        // data file held by this process alone, looking the key up first cannot race another writer.
        return Task.FromResult(InTransaction(() =>
        {
            var inserted = 0;
            foreach (var delivery in deliveries.Where(d => _deliveries.FindById(d.Key) is null))
            {
                _deliveries.Insert(DeliveryDocument(delivery));
                inserted++;
            }

            return inserted;
        }));
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
        return Task.FromResult(InTransaction(() =>
        {
            if (_deliveries.FindById(key) is not { } doc || ToDelivery(doc) is not { Status: DeliveryStatus.Pending } stored || stored.Attempts != seenAttempts)
            {
                return false;
            }

            return _deliveries.Update(DeliveryDocument(stored with { Attempts = seenAttempts + 1 }));
        }));
    }

    public Task UpdateDeliveryAsync(Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ct.ThrowIfCancellationRequested();
        InTransaction(() =>
        {
            var stored = _deliveries.FindById(delivery.Key)
                ?? throw new KeyNotFoundException($"No delivery '{delivery.Key}' is reserved; reserve it before updating it.");
            return _deliveries.Update(DeliveryDocument(StoreRules.ApplyDeliveryUpdate(ToDelivery(stored), delivery)));
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<Delivery>>([.. _deliveries.Query()
            .Where(Query.EQ(Columns.NoticeId, noticeId))
            .OrderBy(Columns.SortKey)
            .ToEnumerable()
            .Select(ToDelivery)]);
    }

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

    public Task AddAcknowledgementAsync(Acknowledgement ack, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        ct.ThrowIfCancellationRequested();
        // The unique index on the answer's identity makes the same answer recorded twice one record.
        TryInsert(_acks, new BsonDocument
        {
            [Columns.NoticeId] = ack.NoticeId,
            [Columns.At] = ack.At.UtcTicks,
            [Columns.Once] = OnceKey(ack),
            [Columns.Json] = StoreJson.Serialize(ack),
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Acknowledgement>> ListAcknowledgementsAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        // Answers at the same instant stay in arrival order (the auto-incremented id).
        return Task.FromResult<IReadOnlyList<Acknowledgement>>([.. _acks.Find(Query.EQ(Columns.NoticeId, noticeId))
            .OrderBy(d => d[Columns.At].AsInt64).ThenBy(d => d[Columns.Id].AsInt64)
            .Select(d => StoreJson.Deserialize<Acknowledgement>(d[Columns.Json].AsString))]);
    }

    public Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ct.ThrowIfCancellationRequested();
        _unanswered.Upsert(LogDocument(question.Id, question.At, StoreJson.Serialize(question)));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<UnansweredQuestion>>([.. Newest(_unanswered, max)
            .Select(d => StoreJson.Deserialize<UnansweredQuestion>(d[Columns.Json].AsString))]);
    }

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

    /// <summary>What makes two answers the same answer: notice, channel, user, answer and instant.</summary>
    private static string OnceKey(Acknowledgement ack) =>
        string.Join('\u001f', ack.NoticeId, ack.ChannelKey, ack.UserId, ack.Answer, ack.At.UtcTicks.ToString(CultureInfo.InvariantCulture));

    /// <summary>Answers stored before <see cref="Columns.Once"/> existed get it (exact repeats are dropped), so the
    /// unique index can be built on a file written by an earlier version.</summary>
    private void BackfillAnswerKeys()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in _acks.FindAll().ToList())
        {
            var key = doc[Columns.Once].IsString ? doc[Columns.Once].AsString : OnceKey(StoreJson.Deserialize<Acknowledgement>(doc[Columns.Json].AsString));
            if (!seen.Add(key))
            {
                _acks.Delete(doc[Columns.Id]);
            }
            else if (!doc[Columns.Once].IsString)
            {
                doc[Columns.Once] = key;
                _acks.Update(doc);
            }
        }
    }

    private static IEnumerable<BsonDocument> Newest(ILiteCollection<BsonDocument> collection, int max) =>
        max == 0 ? [] : collection.Query().OrderByDescending(Columns.SortKey).Limit(max).ToEnumerable();

    private static BsonDocument LogDocument(string id, DateTimeOffset at, string json) => new()
    {
        [Columns.Id] = id,
        [Columns.SortKey] = Columns.OrderOf(at, id),
        [Columns.Json] = json,
    };

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
