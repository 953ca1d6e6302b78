using System.Formats.Asn1;
using System.Net;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// What a check agrees to examine. A hostile server chooses everything it sends, and every issuer link costs a
/// signature verification (path walks are quadratic in the chain length; a huge RSA modulus or exponent makes each
/// one slow), so anything beyond what real servers send is refused before any signature is checked.
/// </summary>
internal static class PresentedLimits
{
    /// <summary>Public chains are two to four certificates long.</summary>
    public const int MaxCertificates = 10;

    /// <summary>Real certificates stay well under this, even with hundreds of names.</summary>
    public const int MaxCertificateBytes = 16 * 1024;

    /// <summary>OpenSSL's own ceiling for RSA keys.</summary>
    public const int MaxRsaModulusBits = 16384;

    /// <summary>NIST SP 800-56B bounds the public exponent below 2^256; real keys use 65537.</summary>
    public const int MaxRsaExponentBits = 256;

    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>Null when the certificates are within the limits; otherwise why the check will not read them.</summary>
    public static CheckProblem? Refusal(IReadOnlyList<X509Certificate2> sent, IPAddress address, int port)
    {
        var endpoint = TlsProbe.Endpoint(address, port);
        if (sent.Count > MaxCertificates)
        {
            return Refused($"{endpoint} presented {sent.Count} certificates; a check reads at most {MaxCertificates}.");
        }

        foreach (var certificate in sent)
        {
            if (certificate.RawData.Length > MaxCertificateBytes)
            {
                return Refused($"{endpoint} presented a certificate of {certificate.RawData.Length} bytes; a check reads certificates of at most {MaxCertificateBytes} bytes.");
            }

            if (RsaKeyProblem(certificate) is { } problem)
            {
                return Refused($"{endpoint} presented a certificate ('{certificate.Subject}') whose RSA key {problem}.");
            }
        }

        return null;
    }

    private static CheckProblem Refused(string message) => new(ProblemCodes.HandshakeFailed, message);

    internal static string? RsaKeyProblem(X509Certificate2 certificate)
    {
        if (certificate.PublicKey.Oid.Value != RsaEncryption)
        {
            return null;
        }

        try
        {
            var key = new AsnReader(certificate.PublicKey.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadSequence();
            var modulus = Bits(key.ReadInteger());
            var exponent = Bits(key.ReadInteger());
            return modulus > MaxRsaModulusBits ? $"has a {modulus}-bit modulus (at most {MaxRsaModulusBits})"
                : exponent > MaxRsaExponentBits ? $"has a {exponent}-bit exponent (at most {MaxRsaExponentBits})"
                : null;
        }
        catch (AsnContentException)
        {
            return "cannot be read";
        }
    }

    private static long Bits(BigInteger value) => value.Sign <= 0 ? 0 : value.GetBitLength();
}
