using ChangeBot.Core.CutOvers;

namespace ChangeBot.Core.Storage;

/// <summary>Switches seen by cut-over detection (docs/checks.md#cut-over-detection), per notice.</summary>
public interface ICutOverStore
{
    /// <summary>Inserts the observation unless one with its (notice, sequence) exists; the first writer wins across
    /// every instance. True when this call inserted it.</summary>
    Task<bool> TryAddCutOverAsync(CutOverObservation observation, CancellationToken ct = default);

    /// <summary>Claims the next probe of a notice's endpoint: true, recording <paramref name="now"/>, when it was never
    /// probed or last at or before <paramref name="now"/> - <paramref name="interval"/>; false when another run (on
    /// any instance) probed it more recently. Paces probes across instances.</summary>
    Task<bool> TryClaimCutOverProbeAsync(string noticeId, string endpoint, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default);

    /// <summary>A notice's observations, by sequence.</summary>
    Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default);
}
