using System.Globalization;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The plain-words verdict every surface shows first (CLI text, chat replies, REST summaries), written
/// for the customer's question: will my integration still connect?
/// </summary>
public static class CheckWording
{
    public const string KeepsWorking = "Your integration will keep working";

    /// <param name="announcedRoot">The root the notice names, to point the customer at it.</param>
    public static string Headline(CheckResult result, string? announcedRoot = null)
    {
        if (result.Verdict == CheckVerdict.Ok)
        {
            var root = result.RootSubject is null ? "" : $" ({result.RootSubject})";
            return $"{KeepsWorking}: the endpoint sends a complete chain to the root your store trusts{root}.";
        }

        var first = result.Problems.FirstOrDefault();
        if (result.Verdict == CheckVerdict.Error || first is null)
        {
            // "Could not connect to …" already says what could not be done; prefixing it would stutter.
            return first?.Message.StartsWith("Could not ", StringComparison.Ordinal) == true
                ? first.Message
                : $"Could not check {Endpoint(result)}: {first?.Message ?? "unknown failure."}";
        }

        return "Action required: " + Action(first, result, announcedRoot);
    }

    /// <summary>What the customer (or the endpoint's operator) must do about one problem.</summary>
    public static string Action(CheckProblem problem, CheckResult result, string? announcedRoot = null) => problem.Code switch
    {
        ProblemCodes.UntrustedRoot => announcedRoot is null
            ? $"your trust store does not contain {Root(result)}; import that root into it."
            : $"your trust store does not contain {Root(result)}; import the root named in the notice ({announcedRoot}).",
        ProblemCodes.IncompleteChain =>
            $"{Endpoint(result)} sends an incomplete chain, which clients reject unless they already hold the missing certificate; its operator must send it. {problem.Message}",
        ProblemCodes.DistrustedRoot =>
            $"major platforms have removed or distrusted a certificate of this chain, so clients on them refuse it; the endpoint needs a certificate from another CA. {problem.Message}",
        ProblemCodes.NotAnnouncedChain => $"the endpoint does not lead to the chain the notice announces. {problem.Message}",
        ProblemCodes.HostnameMismatch => $"the certificate does not cover the name you connect to. {problem.Message}",
        ProblemCodes.SelfSigned => $"the endpoint presents a self-signed certificate, which clients only accept if they hold that exact certificate. {problem.Message}",
        ProblemCodes.Expired or ProblemCodes.NotYetValid => $"clients reject this chain now: {problem.Message}",
        ProblemCodes.ExpiringSoon => $"a certificate in the chain must be renewed soon: {problem.Message}",
        ProblemCodes.WeakSignature or ProblemCodes.WeakKey => $"current clients may reject this chain. {problem.Message}",
        _ => problem.Message,
    };

    /// <summary>One platform's verdict in a few words: "distrusted since 2018-10-23", "not trusted", "trusted".</summary>
    public static string PlatformState(PlatformResult platform) => platform.Verdict switch
    {
        PlatformVerdict.Distrusted => platform.DistrustedSince is { } since
            ? $"distrusted since {since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : "distrusted",
        PlatformVerdict.NotTrusted => "not trusted",
        _ => "trusted",
    };

    /// <summary>The per-platform table, one line per store, worst first (as the result orders them).</summary>
    public static IEnumerable<string> PlatformLines(CheckResult result)
    {
        var width = result.Platforms.Count == 0 ? 0 : result.Platforms.Max(p => p.Name.Length);
        return result.Platforms.Select(p =>
            $"{p.Name.PadRight(width)}  {PlatformState(p),-28}  snapshot {p.SnapshotDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
    }

    public static string Endpoint(CheckResult result) =>
        result.Host.Length == 0 ? result.Target // a chain file checked alone
        : result.Host.Contains(':', StringComparison.Ordinal) ? $"[{result.Host}]:{result.Port}" : $"{result.Host}:{result.Port}";

    private static string Root(CheckResult result) => result.RootSubject is null ? "the root of this chain" : $"'{result.RootSubject}'";
}
