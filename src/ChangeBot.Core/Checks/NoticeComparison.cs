using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Checks;

/// <summary>One endpoint of <c>compare &lt;notice&gt;</c>: the checks of its <c>current</c> and <c>test</c> URLs, or why
/// it could not be compared (a URL that is not a check target).</summary>
public sealed record EndpointComparison(string Name, CheckResult? Current, CheckResult? Test, string? Problem = null)
{
    /// <summary>Whether either endpoint could not be checked at all (DNS, connection, timeout, handshake, guard).</summary>
    public bool Failed => Current?.Verdict == CheckVerdict.Error || Test?.Verdict == CheckVerdict.Error;

    /// <summary>The comparison in plain text (<see cref="ChainComparison.Render"/>), then the headline of each side that
    /// could not be checked.</summary>
    public string Render()
    {
        if (Problem is not null || Current is null || Test is null)
        {
            return $"{Name}: {Problem}";
        }

        var lines = new List<string> { ChainComparison.Render(Name, Current, Test) };
        lines.AddRange(new[] { Current, Test }.Where(r => r.Verdict == CheckVerdict.Error).Select(r => $"  {CheckWording.Headline(r)}"));
        return string.Join('\n', lines);
    }
}

/// <summary>
/// <c>compare &lt;notice&gt;</c> for the CLI and chat: which of a notice's endpoints can be compared, and the two checks
/// of each. The caller's checker decides the guard: unrestricted in the CLI, the SSRF guard on the server.
/// </summary>
public static class NoticeComparison
{
    /// <summary>The notice's endpoints that name both a <c>current</c> and a <c>test</c> URL.</summary>
    public static IReadOnlyList<NoticeEndpoint> Pairs(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return [.. notice.Endpoints.Where(e => !string.IsNullOrWhiteSpace(e.Current) && !string.IsNullOrWhiteSpace(e.Test))];
    }

    public static string NoPairs(string noticeId) =>
        $"{noticeId}: the notice names no endpoint with both a current and a test URL to compare.";

    /// <summary>Checks the endpoint's current and test URLs, one handshake each, at the same time.</summary>
    public static async Task<EndpointComparison> CompareAsync(ChainChecker checker, NoticeEndpoint endpoint, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!CheckTarget.TryParse(endpoint.Current, out var current, out var problem)
            || !CheckTarget.TryParse(endpoint.Test, out var test, out problem))
        {
            return new EndpointComparison(endpoint.Name, null, null, problem);
        }

        var now = checker.CheckAsync(new CheckRequest(current) { Timeout = timeout }, ct);
        var after = checker.CheckAsync(new CheckRequest(test) { Timeout = timeout }, ct);
        return new EndpointComparison(endpoint.Name, await now, await after);
    }
}
