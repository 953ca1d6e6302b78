using System.Globalization;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Checks;

/// <summary>One fact that differs (or not) between a notice's <c>current</c> and <c>test</c> endpoint.</summary>
public sealed record ChainDifference(string Fact, string Current, string Test)
{
    public bool Changes => !string.Equals(Current, Test, StringComparison.Ordinal);
}

/// <summary>
/// <c>compare &lt;notice&gt;</c>: what a client will see change when the endpoint moves from its current chain to
/// the one on the test endpoint: issuer, root, key, signature algorithm, expiry and each platform's verdict,
/// from two ordinary checks.
/// </summary>
public static class ChainComparison
{
    public static IReadOnlyList<ChainDifference> Compare(CheckResult current, CheckResult test)
    {
        var facts = new List<ChainDifference>
        {
            new("Verdict", CheckWords.Verdict(current.Verdict), CheckWords.Verdict(test.Verdict)),
            new("Issuer", Leaf(current)?.Issuer ?? "-", Leaf(test)?.Issuer ?? "-"),
            new("Root", current.RootSubject ?? "-", test.RootSubject ?? "-"),
            new("Key", Leaf(current)?.PublicKey ?? "-", Leaf(test)?.PublicKey ?? "-"),
            new("Signature", Leaf(current)?.SignatureAlgorithm ?? "-", Leaf(test)?.SignatureAlgorithm ?? "-"),
            new("Expires", Day(Leaf(current)), Day(Leaf(test))),
        };
        foreach (var store in current.Platforms.Select(p => (p.Store, p.Name)).Union(test.Platforms.Select(p => (p.Store, p.Name))))
        {
            facts.Add(new(store.Name, Platform(current, store.Store), Platform(test, store.Store)));
        }

        return facts;
    }

    /// <summary>Plain text: the changes first ("Root: A -> B"), then what stays the same.</summary>
    public static string Render(string endpointName, CheckResult current, CheckResult test)
    {
        var facts = Compare(current, test);
        var lines = new List<string> { $"{endpointName}: {CheckWording.Endpoint(current)} now, {CheckWording.Endpoint(test)} after the change." };
        var changes = facts.Where(f => f.Changes).ToList();
        lines.Add(changes.Count == 0 ? "Nothing a client sees changes." : "What changes for a client:");
        lines.AddRange(changes.Select(f => $"  {f.Fact}: {f.Current} -> {f.Test}"));
        var same = facts.Where(f => !f.Changes).Select(f => f.Fact).ToList();
        if (same.Count > 0)
        {
            lines.Add($"Unchanged: {string.Join(", ", same)}.");
        }

        return string.Join('\n', lines);
    }

    private static CertificateInfo? Leaf(CheckResult result) => result.Chain.Count > 0 ? result.Chain[0] : null;

    private static string Day(CertificateInfo? certificate) =>
        certificate?.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    private static string Platform(CheckResult result, string store) =>
        result.Platforms.FirstOrDefault(p => p.Store == store) is { } platform ? CheckWording.PlatformState(platform) : "-";
}
