using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Checks;

/// <summary>The notice whose announced chain a check compares against (<c>--notice</c>, <c>check … for &lt;id&gt;</c>).</summary>
public sealed record NoticeChain(string NoticeId, AnnouncedChain? Chain);

/// <summary>
/// Does the validated path lead to the root and intermediate the notice announces? Each is matched by
/// SHA-256 when the notice gives one, else by subject. The path is the presented one, extended upward
/// with issuers found among the trust stores' anchors and the notice's own bundle, since servers
/// usually do not send the root.
/// </summary>
internal static class AnnouncedChainCheck
{
    public static (TrustResult Trust, CheckProblem? Problem) Evaluate(
        NoticeChain notice, PresentedPath path, IEnumerable<X509Certificate2> anchors, CancellationToken ct = default)
    {
        var store = "notice:" + notice.NoticeId;
        var announced = notice.Chain;
        if (announced is null || (announced.Root is null && announced.Intermediate is null))
        {
            return (new TrustResult(store, false, "the notice announces no certificates to compare with"), null);
        }

        var bundle = Bundle(announced.BundlePem);
        var extended = Extend(path, [.. anchors, .. bundle], ct);
        var missing = new List<string>();
        if (announced.Intermediate is { } intermediate && !extended.Any(c => Matches(c, intermediate)))
        {
            missing.Add($"intermediate '{intermediate.Subject}'");
        }

        // A root that nobody sent or holds can only be recognised by name: the top's issuer.
        var byNameOnly = false;
        if (announced.Root is { } root && !extended.Any(c => Matches(c, root)))
        {
            byNameOnly = !Signatures.IsSelfSigned(extended[^1]) && DistinguishedNames.Matches(extended[^1].IssuerName, root.Subject);
            if (!byNameOnly)
            {
                missing.Add($"root '{root.Subject}'");
            }
        }

        if (missing.Count == 0)
        {
            var named = announced.Root?.Subject ?? announced.Intermediate!.Subject;
            var note = byNameOnly && announced.Root!.Sha256 is not null
                ? " (matched by name: the root is neither sent nor in a store given, so its fingerprint could not be compared)"
                : "";
            return (new TrustResult(store, true, $"the chain leads to the announced '{named}'{note}"), null);
        }

        var message = $"The chain leads to '{RootOf(extended)}', not to the {string.Join(" and ", missing)} that notice {notice.NoticeId} announces.";
        return (new TrustResult(store, false, message), new CheckProblem(ProblemCodes.NotAnnouncedChain, message));
    }

    private static string RootOf(List<X509Certificate2> extended) =>
        Signatures.IsSelfSigned(extended[^1]) ? extended[^1].Subject : extended[^1].Issuer;

    private static List<X509Certificate2> Extend(PresentedPath path, List<X509Certificate2> candidates, CancellationToken ct)
    {
        var extended = path.Certificates.ToList();
        while (!Signatures.IsSelfSigned(extended[^1]))
        {
            ct.ThrowIfCancellationRequested();
            var issuer = candidates.FirstOrDefault(c => !extended.Contains(c) && Signatures.Issued(c, extended[^1]));
            if (issuer is null)
            {
                break;
            }

            extended.Add(issuer);
        }

        return extended;
    }

    private static bool Matches(X509Certificate2 certificate, CertificateRef reference) =>
        reference.Sha256 is { } sha
            ? Normalize(sha).Equals(CertificateFacts.Sha256(certificate), StringComparison.OrdinalIgnoreCase)
            : DistinguishedNames.Matches(certificate.SubjectName, reference.Subject);

    private static string Normalize(string hex) =>
        new([.. hex.Where(Uri.IsHexDigit)]);

    private static List<X509Certificate2> Bundle(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return [];
        }

        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            return [.. collection];
        }
        catch (CryptographicException)
        {
            return []; // the importer validated the bundle; a damaged one simply adds nothing
        }
    }
}
