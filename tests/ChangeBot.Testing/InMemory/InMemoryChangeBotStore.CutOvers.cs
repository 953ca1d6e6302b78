using ChangeBot.Core.CutOvers;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    private readonly Dictionary<(string NoticeId, int Sequence), CutOverObservation> _cutOvers = [];

    public Task<bool> TryAddCutOverAsync(CutOverObservation observation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (_gate)
        {
            return Task.FromResult(_cutOvers.TryAdd((observation.NoticeId, observation.Sequence), observation));
        }
    }

    private readonly Dictionary<(string NoticeId, string Endpoint), DateTimeOffset> _cutOverProbes = [];

    public Task<bool> TryClaimCutOverProbeAsync(string noticeId, string endpoint, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_cutOverProbes.TryGetValue((noticeId, endpoint), out var last) && last > now - interval)
            {
                return Task.FromResult(false);
            }

            _cutOverProbes[(noticeId, endpoint)] = now;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CutOverObservation>>([.. _cutOvers.Values.Where(o => o.NoticeId == noticeId).OrderBy(o => o.Sequence)]);
        }
    }
}
