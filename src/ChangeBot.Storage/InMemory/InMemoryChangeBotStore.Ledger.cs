using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.InMemory;

/// <summary>The delivery ledger and the append-only records: answers, unanswered questions, processed events, audit.</summary>
public sealed partial class InMemoryChangeBotStore
{
    public Task<int> TryReserveDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        lock (_gate)
        {
            return Task.FromResult(deliveries.Count(d => _deliveries.TryAdd(d.Key, d)));
        }
    }

    public Task<Delivery?> GetDeliveryAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.GetValueOrDefault(key));
        }
    }

    public Task<bool> TryStartAttemptAsync(string key, int seenAttempts, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_deliveries.GetValueOrDefault(key) is not { Status: DeliveryStatus.Pending } stored || stored.Attempts != seenAttempts)
            {
                return Task.FromResult(false);
            }

            _deliveries[key] = stored with { Attempts = seenAttempts + 1 };
            return Task.FromResult(true);
        }
    }

    public Task UpdateDeliveryAsync(Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            var stored = _deliveries.GetValueOrDefault(delivery.Key)
                ?? throw new KeyNotFoundException($"No delivery '{delivery.Key}' is reserved; reserve it before updating it.");
            _deliveries[delivery.Key] = StoreRules.ApplyDeliveryUpdate(stored, delivery);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string noticeId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Delivery>>([.. _deliveries.Values
                .Where(d => d.NoticeId == noticeId)
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Key, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<Delivery>> ListPendingDeliveriesAsync(DateTimeOffset createdBefore, int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Delivery>>([.. _deliveries.Values
                .Where(d => d.Status == DeliveryStatus.Pending && d.CreatedAt < createdBefore)
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Key, StringComparer.Ordinal)
                .Take(max)]);
        }
    }

    public Task AddAcknowledgementAsync(Acknowledgement ack, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        lock (_gate)
        {
            // The same answer (every field equal) recorded twice is one record, as in the durable stores.
            if (!_acks.Contains(ack))
            {
                _acks.Add(ack);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Acknowledgement>> ListAcknowledgementsAsync(string noticeId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            // OrderBy is stable: answers at the same instant stay in arrival order.
            return Task.FromResult<IReadOnlyList<Acknowledgement>>([.. _acks.Where(a => a.NoticeId == noticeId).OrderBy(a => a.At)]);
        }
    }

    public Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        lock (_gate)
        {
            _unanswered.RemoveAll(q => q.Id == question.Id);
            _unanswered.Add(question);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<UnansweredQuestion>>([.. _unanswered
                .OrderByDescending(q => q.At).ThenByDescending(q => q.Id, StringComparer.Ordinal).Take(max)]);
        }
    }

    public Task<bool> TryMarkEventProcessedAsync(string eventKey, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        lock (_gate)
        {
            return Task.FromResult(_processed.TryAdd(eventKey, at));
        }
    }

    public Task<int> ForgetProcessedEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var old = _processed.Where(p => p.Value < before).Select(p => p.Key).ToList();
            old.ForEach(key => _processed.Remove(key));
            return Task.FromResult(old.Count);
        }
    }

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
