using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Benchmarks.Checks;

/// <summary>A root, an intermediate and a <c>localhost</c> leaf (RSA 2048, SHA-256), like a public chain.</summary>
internal sealed class BenchmarkPki : IDisposable
{
    public BenchmarkPki()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var rootKey = RSA.Create(2048);
        var rootRequest = CaRequest("CN=Benchmark Root CA", rootKey);
        Root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        using var intermediateKey = RSA.Create(2048);
        var intermediateRequest = CaRequest("CN=Benchmark Issuing CA", intermediateKey);
        using var intermediate = intermediateRequest.Create(Root, now.AddDays(-1), now.AddYears(5), [2]);
        Intermediate = intermediate.CopyWithPrivateKey(intermediateKey);

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(Intermediate, now.AddDays(-1), now.AddYears(1), [3]);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        using var withKey = leaf.CopyWithPrivateKey(leafKey);
        Leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public X509Certificate2 Root { get; }
    public X509Certificate2 Intermediate { get; }
    public X509Certificate2 Leaf { get; }

    public void Dispose()
    {
        Leaf.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }

    private static CertificateRequest CaRequest(string name, RSA key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
