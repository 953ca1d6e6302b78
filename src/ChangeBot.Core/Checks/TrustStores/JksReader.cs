using System.Buffers.Binary;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;

namespace ChangeBot.Core.Checks;

/// <summary>Java keystores (JKS), read with BouncyCastle's <see cref="JksStore"/>, which also checks the
/// store's integrity with the password exactly as <c>keytool</c> does.</summary>
internal static class JksReader
{
    private const uint JksMagic = 0xFEEDFEED;
    private const uint JceksMagic = 0xCECECECE;

    public static bool IsJks(byte[] data)
    {
        if (data.Length < 4)
        {
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(data);
        return magic is JksMagic or JceksMagic;
    }

    public static List<X509Certificate2> Read(string name, byte[] data, IReadOnlyList<string> passwords)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(data) == JceksMagic)
        {
            throw new TrustStoreException(
                $"{name}: JCEKS keystores are not supported; convert it with 'keytool -importkeystore -deststoretype pkcs12'.");
        }

        foreach (var password in passwords)
        {
            var store = new JksStore();
            try
            {
                using var stream = new MemoryStream(data, writable: false);
                store.Load(stream, password.ToCharArray());
            }
            catch (IOException)
            {
                continue; // integrity check failed: wrong password, or a damaged file
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException)
            {
                throw new TrustStoreException($"{name}: the Java keystore is damaged ({e.Message}).", e);
            }

            return Certificates(name, store);
        }

        var hint = passwords.Count > 1
            ? TrustStoreLoader.PasswordHint(null)
            : TrustStoreLoader.PasswordHint(passwords[0]);
        throw new TrustStoreException($"{name}: cannot open this Java keystore: wrong password or damaged file ({hint}).");
    }

    /// <summary>Trusted-certificate entries are the anchors, as in Java's PKIX trust manager; a store
    /// with only key entries contributes the certificates of their chains.</summary>
    private static List<X509Certificate2> Certificates(string name, JksStore store)
    {
        var aliases = store.Aliases.ToList();
        var trusted = aliases.Where(store.IsCertificateEntry).Select(store.GetCertificate).ToList();
        if (trusted.Count == 0)
        {
            trusted = [.. aliases.Where(store.IsKeyEntry).SelectMany(a => store.GetCertificateChain(a) ?? [])];
        }

        return trusted.Count > 0
            ? [.. trusted.Select(c => X509CertificateLoader.LoadCertificate(c.GetEncoded()))]
            : throw new TrustStoreException($"{name}: the Java keystore holds no certificates.");
    }
}
