using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Issuer links checked cryptographically: same name, and the issuer's key verifies the child's
/// signature. RSA (PKCS#1 v1.5, MD5 and SHA-1 included, so weak chains are still recognised as chains)
/// and ECDSA are verified natively; any other algorithm goes to BouncyCastle, which is far slower.
/// </summary>
internal static class Signatures
{
    public static bool IsSelfSigned(X509Certificate2 certificate) => Issued(certificate, certificate);

    /// <summary>True when <paramref name="issuer"/>'s name is <paramref name="child"/>'s issuer name and its key verifies the child's signature.</summary>
    public static bool Issued(X509Certificate2 issuer, X509Certificate2 child)
    {
        if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(child.IssuerName.RawData)
            && !issuer.SubjectName.Name.Equals(child.IssuerName.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            return Verify(issuer, child) ?? VerifyWithBouncyCastle(issuer, child);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException or NotSupportedException)
        {
            return false; // an algorithm nobody here can verify does not link the two
        }
    }

    /// <summary>Null when the algorithm is not one handled natively.</summary>
    private static bool? Verify(X509Certificate2 issuer, X509Certificate2 child)
    {
        var certificate = new AsnReader(child.RawData, AsnEncodingRules.DER).ReadSequence();
        var signed = certificate.ReadEncodedValue();
        var algorithm = certificate.ReadSequence().ReadObjectIdentifier();
        var signature = certificate.ReadBitString(out _);

        if (RsaHash(algorithm) is { } rsaHash)
        {
            using var rsa = issuer.GetRSAPublicKey();
            return rsa?.VerifyData(signed.Span, signature, rsaHash, RSASignaturePadding.Pkcs1) ?? false;
        }

        if (EcdsaHash(algorithm) is { } ecHash)
        {
            using var ecdsa = issuer.GetECDsaPublicKey();
            return ecdsa?.VerifyData(signed.Span, signature, ecHash, DSASignatureFormat.Rfc3279DerSequence) ?? false;
        }

        return null;
    }

    private static HashAlgorithmName? RsaHash(string oid) => oid switch
    {
        "1.2.840.113549.1.1.4" => HashAlgorithmName.MD5,
        "1.2.840.113549.1.1.5" or "1.3.14.3.2.29" => HashAlgorithmName.SHA1,
        "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static HashAlgorithmName? EcdsaHash(string oid) => oid switch
    {
        "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
        "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static bool VerifyWithBouncyCastle(X509Certificate2 issuer, X509Certificate2 child)
    {
        try
        {
            var key = new BcCertificate(issuer.RawData).GetPublicKey();
            return new BcCertificate(child.RawData).IsSignatureValid(key);
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.SecurityUtilityException
            or Org.BouncyCastle.Crypto.CryptoException or InvalidOperationException
            or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return false;
        }
    }
}
