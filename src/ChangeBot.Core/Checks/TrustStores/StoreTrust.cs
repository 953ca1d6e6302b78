using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>How one store judged the chain. <see cref="Anchor"/> is the trusted root the path ended
/// at, when there is one.</summary>
internal sealed record StoreVerdict(
    string Store,
    bool Trusted,
    string Reason,
    bool Incomplete,
    bool RootUntrusted,
    X509Certificate2? Anchor);

/// <summary>
/// Judges a presented chain under one store with X509Chain: the system store, or custom root trust
/// with only the user's certificates. Certificate downloads (AIA) are always off and revocation is not
/// fetched, so a check never reaches past the endpoint; completeness comes from <see cref="PresentedPath"/>.
/// </summary>
internal static class StoreTrust
{
    public const string SystemStoreName = "system";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static StoreVerdict Evaluate(
        IReadOnlyList<X509Certificate2> sent, PresentedPath path, TrustStore? store, DateTimeOffset now)
    {
        var name = store?.Name ?? SystemStoreName;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.DisableCertificateDownloads = true;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        foreach (var certificate in sent.Skip(1))
        {
            policy.ExtraStore.Add(certificate);
        }

        if (store is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            foreach (var certificate in store.Certificates)
            {
                policy.CustomTrustStore.Add(certificate);
            }
        }

        var built = chain.Build(path.Leaf);
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        var rootProblem = (flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0;
        // A copy: the chain's element certificates go with the chain when it is disposed.
        var anchor = !rootProblem && elements.Count > 0 && Signatures.IsSelfSigned(elements[^1])
            ? X509CertificateLoader.LoadCertificate(elements[^1].RawData)
            : null;
        var storeLabel = store is null ? "the system store" : store.Name;

        if (!path.TopIsCa && !IssuerIsAnchor(path, store, elements, anchor))
        {
            return new StoreVerdict(name, false,
                $"incomplete chain: the server stops at '{path.Top.Subject}', whose issuer '{path.Top.Issuer}' is neither sent nor a root {storeLabel} trusts",
                Incomplete: true, RootUntrusted: false, Anchor: null);
        }

        if (built && flags == X509ChainStatusFlags.NoError)
        {
            var root = anchor?.Subject ?? path.RootName;
            return new StoreVerdict(name, true, $"trusted: the chain leads to '{root}' in {storeLabel}", false, false, anchor);
        }

        if (rootProblem)
        {
            return new StoreVerdict(name, false, $"'{path.RootName}' is not a trusted root in {storeLabel}", false, true, null);
        }

        return new StoreVerdict(name, false, Describe(flags), Incomplete: false, RootUntrusted: false, anchor);
    }

    /// <summary>The path stops at a non-CA certificate; it is still complete when this store holds its issuer
    /// as an anchor. For the system store the built chain must go straight from the top to its trusted root:
    /// an intermediate found in the machine's AIA cache in between means the server did not send it.</summary>
    private static bool IssuerIsAnchor(PresentedPath path, TrustStore? store, List<X509Certificate2> elements, X509Certificate2? anchor)
    {
        if (store is not null)
        {
            return store.Certificates.Any(c => Signatures.Issued(c, path.Top));
        }

        var topIndex = elements.FindIndex(e => e.RawDataMemory.Span.SequenceEqual(path.Top.RawDataMemory.Span));
        return anchor is not null && topIndex >= 0 && topIndex == elements.Count - 2;
    }

    private static string Describe(X509ChainStatusFlags flags)
    {
        if ((flags & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0)
        {
            return "a certificate in the chain is outside its validity period";
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            return "a signature in the chain does not verify";
        }

        if ((flags & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.CtlNotValidForUsage)) != 0)
        {
            return "the certificate is not valid for TLS server authentication";
        }

        return $"the chain is not valid ({flags})";
    }
}
