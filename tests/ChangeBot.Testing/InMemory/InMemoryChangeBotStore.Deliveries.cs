using ChangeBot.Core.Deliveries;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

/// <summary>The delivery ledger: one record per message owed, reserved before it is sent (docs/architecture.md#the-delivery-ledger).</summary>
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
}
