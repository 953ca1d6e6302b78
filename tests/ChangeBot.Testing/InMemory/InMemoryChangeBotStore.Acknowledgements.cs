using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Testing.InMemory;

/// <summary>Channels' answers to a notice (ready, not affected, need help), each counted once.</summary>
public sealed partial class InMemoryChangeBotStore
{
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
}
