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

    public Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CutOverObservation>>([.. _cutOvers.Values.Where(o => o.NoticeId == noticeId).OrderBy(o => o.Sequence)]);
        }
    }
}
