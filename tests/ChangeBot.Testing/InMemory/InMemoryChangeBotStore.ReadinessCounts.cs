using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    public Task<IReadOnlyDictionary<string, ReadinessCounts>> CountReadinessAsync(IReadOnlyCollection<string> noticeIds, CancellationToken ct = default)
    {
        var ids = StoreRules.ValidateReadinessIds(noticeIds);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, ReadinessCounts>>(ids.ToDictionary(id => id, id => Readiness.Count(
                _deliveries.Values.Where(d => d.NoticeId == id && d.Kind == DeliveryKind.Broadcast).Select(d => d.ChannelKey),
                _acks.Where(a => a.NoticeId == id).OrderBy(a => a.At),
                _checks.Keys.Where(k => k.NoticeId == id).Select(k => k.ChannelKey)), StringComparer.Ordinal));
        }
    }
}
