using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage.InMemory;

/// <summary>Subscriptions, conversations, the delivery ledger and the append-only logs.</summary>
public sealed partial class InMemoryChangeBotStore
{
    public Task UpsertSubscriptionAsync(Subscription subscription, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_gate)
        {
            _subscriptions[subscription.Id] = subscription;
        }

        return Task.CompletedTask;
    }

    public Task<int> RemoveSubscriptionsAsync(ConversationAddress address, IReadOnlyList<string>? filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            var doomed = filters is null
                ? [.. _subscriptions.Values.Where(s => s.Address.Key == address.Key).Select(s => s.Id)]
                : new List<string> { StoreRules.SubscriptionId(address, filters) };
            return Task.FromResult(doomed.Count(id => _subscriptions.Remove(id)));
        }
    }

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ConversationAddress? address = null, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Subscription>>([.. _subscriptions.Values
                .Where(s => address is null || s.Address.Key == address.Key)
                .OrderBy(s => s.Id, StringComparer.Ordinal)]);
        }
    }

    public Task MarkChannelBrokenAsync(ConversationAddress address, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            foreach (var s in _subscriptions.Values.Where(s => s.Address.Key == address.Key).ToList())
            {
                _subscriptions[s.Id] = s with { BrokenReason = reason };
            }
        }

        return Task.CompletedTask;
    }

    public Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            _conversations[reference.Address.Key] = reference;
        }

        return Task.CompletedTask;
    }

    public Task<ConversationReference?> GetConversationAsync(string addressKey, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.GetValueOrDefault(addressKey));
        }
    }

    public Task SetSecretAsync(string key, string value, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _secrets[key] = value;
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetSecretAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_secrets.GetValueOrDefault(key));
        }
    }

    public Task<bool> TryReserveDeliveryAsync(Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            return Task.FromResult(_deliveries.TryAdd(delivery.Key, delivery));
        }
    }

    public Task<Delivery?> GetDeliveryAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.GetValueOrDefault(key));
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
            _acks.Add(ack);
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
            return Task.FromResult(_processed.Add(eventKey));
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
