using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Postgres;

/// <summary>Ids of platform events already handled, so a retried event is processed once across instances.</summary>
public sealed partial class PostgresChangeBotStore
{
    public async Task<bool> TryMarkEventProcessedAsync(string eventKey, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        return await ExecuteAsync("INSERT INTO processed_events (event_key, at_ticks) VALUES ($1, $2) ON CONFLICT (event_key) DO NOTHING",
            ct, eventKey, Ticks(at)) == 1;
    }

    public Task<int> ForgetProcessedEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM processed_events WHERE at_ticks < $1", ct, Ticks(before));
}
