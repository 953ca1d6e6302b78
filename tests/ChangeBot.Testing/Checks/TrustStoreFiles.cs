using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace ChangeBot.Testing.Checks;

/// <summary>Writes trust stores in each format customers have, for loader and CLI tests.</summary>
public static class TrustStoreFiles
{
    public static string Pem(string path, params TestCertificate[] certificates)
    {
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.Certificate.ExportCertificatePem() + "\n")));
        return path;
    }

    public static string Der(string path, TestCertificate certificate)
    {
        File.WriteAllBytes(path, certificate.Certificate.RawData);
        return path;
    }

    public static string Pkcs12(string path, string password, params TestCertificate[] certificates)
    {
        var collection = new X509Certificate2Collection(certificates.Select(c => c.Certificate).ToArray());
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, password)!);
        return path;
    }

    /// <summary>A JKS truststore as <c>keytool -importcert</c> writes it: trusted-certificate entries.</summary>
    public static string Jks(string path, string password, params TestCertificate[] certificates)
    {
        var store = new JksStore();
        for (var i = 0; i < certificates.Length; i++)
        {
            store.SetCertificateEntry($"ca{i}", new BcCertificate(certificates[i].Certificate.RawData));
        }

        using var file = File.Create(path);
        store.Save(file, password.ToCharArray());
        return path;
    }
}
