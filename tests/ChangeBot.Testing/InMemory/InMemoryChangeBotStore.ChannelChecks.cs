using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    private readonly Dictionary<(string NoticeId, string ChannelKey), ChannelCheck> _checks = [];

    public Task AddChannelCheckAsync(ChannelCheck check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        lock (_gate)
        {
            var key = (check.NoticeId, check.ChannelKey);
            if (!_checks.TryGetValue(key, out var stored) || stored.At <= check.At)
            {
                _checks[key] = check;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChannelCheck>> ListLatestChannelChecksAsync(string noticeId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ChannelCheck>>([.. _checks.Values.Where(c => c.NoticeId == noticeId)
                .OrderBy(c => c.ChannelKey, StringComparer.Ordinal)]);
        }
    }
}
