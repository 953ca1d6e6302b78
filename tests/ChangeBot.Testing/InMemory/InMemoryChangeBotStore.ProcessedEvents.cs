using ChangeBot.Core.Deliveries;

namespace ChangeBot.Testing.InMemory;

/// <summary>Ids of platform events already handled, so a retried event is processed once across instances.</summary>
public sealed partial class InMemoryChangeBotStore
{
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
}
