using ChangeBot.Core.CutOvers;

namespace ChangeBot.Core.Storage;

/// <summary>Switches seen by cut-over detection (docs/checks.md#cut-over-detection), per notice.</summary>
public interface ICutOverStore
{
    /// <summary>Inserts the observation unless one with its (notice, sequence) exists; the first writer wins across
    /// every instance. True when this call inserted it.</summary>
    Task<bool> TryAddCutOverAsync(CutOverObservation observation, CancellationToken ct = default);

    /// <summary>A notice's observations, by sequence.</summary>
    Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default);
}
