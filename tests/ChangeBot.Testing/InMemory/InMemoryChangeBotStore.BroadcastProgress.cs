using ChangeBot.Core.Deliveries;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    public Task<BroadcastProgress> CountProgressAsync(string noticeId, int maxFailures, CancellationToken ct = default)
    {
        StoreRules.ValidateProgressQuery(noticeId, maxFailures);
        lock (_gate)
        {
            return Task.FromResult(BroadcastProgress.Of(_deliveries.Values.Where(d => d.NoticeId == noticeId), maxFailures));
        }
    }
}
