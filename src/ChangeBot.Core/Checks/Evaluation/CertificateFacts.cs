using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>What a certificate is, as shown in <c>chain[]</c>: names, serial, validity, fingerprint, key and signature algorithm.</summary>
internal static class CertificateFacts
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Ed448Oid = "1.3.101.113";

    /// <summary>MD2, MD4, MD5 and SHA-1 signatures (RSA, ECDSA, DSA): collisions are practical or near.</summary>
    private static readonly HashSet<string> WeakSignatureOids =
    [
        "1.2.840.113549.1.1.2", "1.2.840.113549.1.1.3", "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.5",
        "1.3.14.3.2.29", "1.3.14.3.2.3", "1.2.840.10045.4.1", "1.2.840.10040.4.3",
    ];

    public static CertificateInfo Describe(X509Certificate2 certificate) => new(
        certificate.Subject,
        certificate.Issuer,
        certificate.SerialNumber,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        Sha256(certificate),
        Key(certificate).Text,
        certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value ?? "unknown");

    /// <summary>Upper-case hex without separators, as <c>openssl x509 -fingerprint -sha256</c> without the colons.</summary>
    public static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public static bool HasWeakSignature(X509Certificate2 certificate) =>
        certificate.SignatureAlgorithm.Value is { } oid && WeakSignatureOids.Contains(oid);

    /// <summary>RSA below 2048 bits, EC below 256 bits, and DSA (below 2048) are weak.</summary>
    public static bool HasWeakKey(X509Certificate2 certificate)
    {
        var (kind, bits, _) = Key(certificate);
        return bits > 0 && kind switch
        {
            "RSA" or "RSA-PSS" or "DSA" => bits < 2048,
            "EC" => bits < 256,
            _ => false,
        };
    }

    public static KeyFacts Key(X509Certificate2 certificate)
    {
        var oid = certificate.PublicKey.Oid.Value;
        try
        {
            return oid switch
            {
                RsaOid => Rsa("RSA", certificate),
                RsaPssOid => Rsa("RSA-PSS", certificate),
                EcOid => Ec(certificate),
                DsaOid => Sized("DSA", certificate.GetDSAPublicKey()?.KeySize ?? 0),
                Ed25519Oid => new KeyFacts("Ed25519", 256, "Ed25519 256"),
                Ed448Oid => new KeyFacts("Ed448", 456, "Ed448 456"),
                _ => new KeyFacts(certificate.PublicKey.Oid.FriendlyName ?? oid ?? "unknown", 0, certificate.PublicKey.Oid.FriendlyName ?? oid ?? "unknown"),
            };
        }
        catch (CryptographicException)
        {
            return new KeyFacts(oid ?? "unknown", 0, $"{oid} (unreadable)");
        }
    }

    private static KeyFacts Rsa(string kind, X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        return Sized(kind, rsa?.KeySize ?? 0);
    }

    private static KeyFacts Ec(X509Certificate2 certificate)
    {
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is null)
        {
            return Sized("EC", 0);
        }

        var curve = ec.ExportParameters(false).Curve.Oid;
        var name = curve.Value switch
        {
            "1.2.840.10045.3.1.7" => "P-256",
            "1.3.132.0.34" => "P-384",
            "1.3.132.0.35" => "P-521",
            _ => curve.FriendlyName ?? curve.Value,
        };
        return new KeyFacts("EC", ec.KeySize, name is null ? $"EC {ec.KeySize}" : $"EC {ec.KeySize} ({name})");
    }

    private static KeyFacts Sized(string kind, int bits) => new(kind, bits, bits > 0 ? $"{kind} {bits}" : kind);
}

internal readonly record struct KeyFacts(string Kind, int Bits, string Text);
