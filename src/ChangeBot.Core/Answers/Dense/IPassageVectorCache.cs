using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>An answer index that keeps passage vectors: it takes the stored ones at start and hands back
/// those it computed, so <see cref="AnswerIndexSync"/> stores each once.</summary>
public interface IPassageVectorCache
{
    /// <summary>The model's name, or null when the index has none (keyword search only).</summary>
    string? Model { get; }

    void LoadVectors(IEnumerable<PassageVector> vectors);

    IReadOnlyList<PassageVector> TakeUnsavedVectors();

    void RequeueVectors(IEnumerable<PassageVector> vectors);

    /// <summary>Computes the vectors <paramref name="notice"/> lacks (queued for the store) without indexing it,
    /// nothing for a notice the index does not answer from; returns how many texts ran the model.</summary>
    int EmbedMissing(Notice notice);
}
