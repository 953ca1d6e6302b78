using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.Core.Storage;

/// <summary>
/// Readiness counts of many notices in one call, for lists (the support console's notices page): the numbers of
/// <see cref="Readiness.Count"/> without reading every delivery and answer into the application. LiteDB and
/// PostgreSQL keep counters up to date as deliveries, answers and checks are written (PostgreSQL with triggers, so
/// every instance's writes count).
/// </summary>
public interface IReadinessCountStore
{
    /// <summary>Most notice ids one call may ask for (a list page asks for one page of them).</summary>
    public const int MaxNotices = 500;

    /// <summary>
    /// For each of <paramref name="noticeIds"/> (duplicates ignored), its counts over the channels it was broadcast to,
    /// answered from or checked in, by each channel's latest answer (latest instant; at the same instant, the one
    /// stored last). Every id asked for is in the result; one with none of those gets <see cref="ReadinessCounts.None"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More than <see cref="MaxNotices"/> distinct ids.</exception>
    Task<IReadOnlyDictionary<string, ReadinessCounts>> CountReadinessAsync(IReadOnlyCollection<string> noticeIds, CancellationToken ct = default);
}
