using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>Whether a client family connects to a server that leaves out an intermediate.</summary>
public enum MissingIntermediate
{
    /// <summary>Fetches it from the certificate's AIA "CA Issuers" URL.</summary>
    Fetched,

    /// <summary>Connects only when it already holds the intermediate (preloaded or cached).</summary>
    OnlyIfKnown,

    /// <summary>Fails the handshake.</summary>
    Fails,
}

/// <summary>One row of <see cref="IncompleteChainClients.Families"/>, with where the behaviour is documented.</summary>
public sealed record ClientFamily(string Name, MissingIntermediate Behaviour, string Condition, string Source);

/// <summary>
/// "Works in the browser, fails in your connector": which client families still connect when the server
/// does not send an intermediate. A small table from each project's own documentation (the
/// <see cref="ClientFamily.Source"/>); <c>IncompleteChainClientsTests</c> holds the rows for .NET and
/// OpenSSL to what this machine's .NET and OpenSSL do with a loopback chain.
/// </summary>
public static class IncompleteChainClients
{
    public static readonly IReadOnlyList<ClientFamily> Families =
    [
        new("Chrome and Edge", MissingIntermediate.Fetched, "",
            "https://source.chromium.org/chromium/chromium/src/+/main:net/cert/internal/cert_issuer_source_aia.h"),
        new("Safari and other Apple clients", MissingIntermediate.Fetched, "",
            "https://developer.apple.com/documentation/security/sectrustsetnetworkfetchallowed(_:_:)"),
        new(".NET on Windows and Linux", MissingIntermediate.Fetched, "by default (X509ChainPolicy.DisableCertificateDownloads is false)",
            "https://learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.x509chainpolicy.disablecertificatedownloads"),
        new("Firefox", MissingIntermediate.OnlyIfKnown, "when the intermediate is a public one it preloads",
            "https://wiki.mozilla.org/Security/CryptoEngineering/Intermediate_Preloading"),
        new("Java", MissingIntermediate.Fails, "unless started with -Dcom.sun.security.enableAIAcaIssuers=true",
            "https://docs.oracle.com/en/java/javase/21/security/java-pki-programmers-guide.html"),
        new("OpenSSL-based clients (curl, Python, Node.js)", MissingIntermediate.Fails, "",
            "https://bugs.python.org/issue18617"),
        new("Go", MissingIntermediate.Fails, "",
            "https://github.com/golang/go/issues/31773"),
    ];

    /// <summary>The plain-words sentence for an incomplete chain stopping at <paramref name="top"/>.</summary>
    public static string Explain(X509Certificate2 top)
    {
        var fails = Names(MissingIntermediate.Fails);
        if (!HasAiaIssuerUrl(top))
        {
            return $"Its certificate names no AIA URL to fetch the missing one from, so every client fails unless it already holds it: browsers, .NET, {fails}.";
        }

        return $"Clients that fetch it from the certificate's AIA URL still connect ({Names(MissingIntermediate.Fetched)}); "
            + $"{Names(MissingIntermediate.OnlyIfKnown)}; these fail: {fails}.";
    }

    private static string Names(MissingIntermediate behaviour) => string.Join(", ", Families
        .Where(f => f.Behaviour == behaviour)
        .Select(f => behaviour == MissingIntermediate.OnlyIfKnown
            ? $"{f.Name} connects only {f.Condition}"
            : f.Condition.Length == 0 ? f.Name : $"{f.Name} {f.Condition}"));

    private const string AuthorityInformationAccess = "1.3.6.1.5.5.7.1.1";

    private static bool HasAiaIssuerUrl(X509Certificate2 certificate) => certificate.Extensions
        .Where(e => e.Oid?.Value == AuthorityInformationAccess)
        .Any(e => new X509AuthorityInformationAccessExtension(e.RawData, e.Critical).EnumerateCAIssuersUris().Any());
}
