using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Reads the trust-store files customers have: a PEM bundle, one PEM or DER certificate, PKCS#12, or a
/// Java keystore (JKS). The format is recognised from the content, not the file name, because
/// truststores are named anything (<c>cacerts</c>, <c>truststore.p12</c>, <c>ca.crt</c>).
/// </summary>
public static class TrustStoreLoader
{
    /// <summary>Java's default keystore password, tried after an empty one as Java tooling users expect.</summary>
    public const string JavaDefaultPassword = "changeit";

    private const string Formats = "expected PEM certificates, a DER certificate, PKCS#12 (.p12/.pfx) or a Java keystore (JKS)";

    public static TrustStore Load(string path, string? password)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TrustStoreException($"{path}: cannot read the trust store ({e.Message}).", e);
        }

        return new TrustStore(path, Read(path, data, password));
    }

    /// <summary>Reads certificates from <paramref name="data"/>; <paramref name="name"/> only labels errors.</summary>
    public static IReadOnlyList<X509Certificate2> Read(string name, byte[] data, string? password)
    {
        if (data.Length == 0)
        {
            throw new TrustStoreException($"{name}: the file is empty; {Formats}.");
        }

        if (JksReader.IsJks(data))
        {
            return JksReader.Read(name, data, Passwords(password));
        }

        if (LooksLikePem(data))
        {
            return ReadPem(name, data);
        }

        if (IsPkcs12(data))
        {
            return ReadPkcs12(name, data, password);
        }

        try
        {
            return [X509CertificateLoader.LoadCertificate(data)];
        }
        catch (CryptographicException e)
        {
            throw new TrustStoreException($"{name}: not a trust store; {Formats}.", e);
        }
    }

    internal static IReadOnlyList<string> Passwords(string? password) =>
        password is null ? ["", JavaDefaultPassword] : [password];

    internal static string PasswordHint(string? password) => password is null
        ? "tried an empty password and 'changeit'; give --ca-password or set CHANGEBOT_CA_PASSWORD"
        : "the password given does not open it";

    private static bool LooksLikePem(byte[] data) =>
        Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 64 * 1024)).Contains("-----BEGIN ", StringComparison.Ordinal);

    private static List<X509Certificate2> ReadPem(string name, byte[] data)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(Encoding.UTF8.GetString(data));
        }
        catch (CryptographicException e)
        {
            throw new TrustStoreException($"{name}: a PEM certificate in the file is damaged ({e.Message}).", e);
        }

        return collection.Count > 0
            ? [.. collection]
            : throw new TrustStoreException($"{name}: the PEM file holds no CERTIFICATE block (keys alone do not make a trust store).");
    }

    /// <summary>A PFX is SEQUENCE { INTEGER 3, ContentInfo, ... } (RFC 7292).</summary>
    private static bool IsPkcs12(byte[] data)
    {
        try
        {
            var pfx = new AsnReader(data, AsnEncodingRules.BER).ReadSequence();
            return pfx.TryReadInt32(out var version) && version == 3;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static List<X509Certificate2> ReadPkcs12(string name, byte[] data, string? password)
    {
        foreach (var candidate in Passwords(password))
        {
            try
            {
                var collection = X509CertificateLoader.LoadPkcs12Collection(data, candidate, X509KeyStorageFlags.EphemeralKeySet);
                return collection.Count > 0
                    ? [.. collection]
                    : throw new TrustStoreException($"{name}: the PKCS#12 file holds no certificates.");
            }
            catch (CryptographicException)
            {
                // Wrong password (or damaged file): try the next candidate, then report below.
            }
        }

        throw new TrustStoreException($"{name}: cannot open this PKCS#12 file: wrong password or damaged file ({PasswordHint(password)}).");
    }
}
