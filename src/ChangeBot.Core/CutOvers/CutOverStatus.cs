using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.CutOvers;

/// <summary>The "Cut-over:" line of readiness: per watched endpoint, its latest switch.</summary>
public static class CutOverStatus
{
    /// <summary>Whether cut-over detection can say anything about the notice: it announces certificates and names a
    /// <c>current</c> endpoint.</summary>
    public static bool Applies(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.Certificates is { } c && (c.Root is not null || c.Intermediate is not null)
            && notice.Endpoints.Any(e => !string.IsNullOrWhiteSpace(e.Current));
    }

    /// <summary>"live since …", "rolled back at …" or "not yet seen", prefixed by the endpoint when the notice names
    /// several; times through <paramref name="time"/> (chat markers, or plain text for REST and the CLI).</summary>
    public static string Describe(Notice notice, IReadOnlyList<CutOverObservation> observations, Func<DateTimeOffset, string>? time = null)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(observations);
        time ??= TimeMarkup.Mark;
        var endpoints = notice.Endpoints.Select(e => e.Current?.Trim()).OfType<string>().Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var parts = endpoints.Select(endpoint =>
        {
            var latest = observations.Where(o => string.Equals(o.Endpoint, endpoint, StringComparison.Ordinal)).MaxBy(o => o.Sequence);
            var state = latest switch
            {
                null => "not yet seen",
                { State: CutOverState.Live } live => $"live since {time(live.FirstSeen)}",
                _ => $"rolled back at {time(latest.FirstSeen)}",
            };
            return endpoints.Count > 1 ? $"{endpoint}: {state}" : state;
        });
        return string.Join("; ", parts);
    }
}
