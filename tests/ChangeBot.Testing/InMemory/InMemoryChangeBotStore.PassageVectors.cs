using ChangeBot.Core.Storage;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    private readonly Dictionary<(string Model, string Hash), float[]> _vectors = [];

    public Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string model, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PassageVector>>([.. _vectors
                .Where(v => v.Key.Model == model)
                .Select(v => new PassageVector(v.Key.Hash, [.. v.Value]))]);
        }
    }

    public Task SavePassageVectorsAsync(string model, IReadOnlyList<PassageVector> vectors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        lock (_gate)
        {
            foreach (var vector in vectors)
            {
                // A copy: the caller's array must not change what is stored.
                _vectors.TryAdd((model, vector.ContentHash), [.. vector.Vector]);
            }
        }

        return Task.CompletedTask;
    }
}
