using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Testing.Checks;

/// <summary>Key kinds the tests need: RSA of a given size, or EC on P-256/P-384.</summary>
public sealed record TestKey(string Kind, int Bits)
{
    public static readonly TestKey Rsa2048 = new("RSA", 2048);
    public static readonly TestKey Rsa1024 = new("RSA", 1024);
    public static readonly TestKey EcP256 = new("EC", 256);
    public static readonly TestKey EcP384 = new("EC", 384);

    private static readonly Lazy<RSAParameters>[] RsaPool = [.. Enumerable.Range(0, 8).Select(_ => new Lazy<RSAParameters>(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(includePrivateParameters: true);
    }))];

    private static int _next;

    /// <summary>RSA-2048 keys come from a small pool: generating one per certificate made the suite slow,
    /// and certificates that share a key still have distinct names, so chains stay unambiguous.</summary>
    internal AsymmetricAlgorithm Create() => (Kind, Bits) switch
    {
        ("RSA", 2048) => RSA.Create(RsaPool[(Interlocked.Increment(ref _next) & int.MaxValue) % RsaPool.Length].Value),
        ("RSA", _) => RSA.Create(Bits),
        _ => ECDsa.Create(Bits == 384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256),
    };
}

/// <summary>A certificate and its private key, generated with <see cref="CertificateRequest"/>.</summary>
public sealed class TestCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key) : IDisposable
{
    private static long _serial = Environment.TickCount64;

    /// <summary>The certificate alone (no private key), as a server sends it or a trust store holds it.</summary>
    public X509Certificate2 Certificate { get; } = certificate;
    public AsymmetricAlgorithm Key { get; } = key;
    public string Subject => Certificate.Subject;
    public string Sha256 => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>The private key as PKCS#8, for the BouncyCastle TLS server.</summary>
    public byte[] Pkcs8 => Key.ExportPkcs8PrivateKey();

    public static TestCertificate Root(string name, TestKey? key = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        HashAlgorithmName? hash = null)
    {
        var k = (key ?? TestKey.Rsa2048).Create();
        var request = Request(name, k, hash ?? HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var from = notBefore ?? TestClock.Now.AddYears(-1);
        using var withKey = k is RSA rsa && LegacyRsaGenerator.For(request.HashAlgorithm, rsa) is { } legacy
            ? request.Create(request.SubjectName, legacy, from, notAfter ?? from.AddYears(20), [1])
            : request.CreateSelfSigned(from, notAfter ?? from.AddYears(20));
        return new TestCertificate(X509CertificateLoader.LoadCertificate(withKey.RawData), k);
    }

    public TestCertificate Intermediate(string name, TestKey? key = null, HashAlgorithmName? hash = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var k = (key ?? TestKey.Rsa2048).Create();
        var request = Request(name, k, hash ?? HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        return Issue(request, k, notBefore ?? TestClock.Now.AddYears(-1), notAfter ?? TestClock.Now.AddYears(5));
    }

    /// <param name="hosts">DNS names and IP addresses the leaf covers (SAN).</param>
    /// <param name="aiaUrl">An authorityInfoAccess caIssuers URL, to prove checks never fetch it.</param>
    public TestCertificate Leaf(string[] hosts, TestKey? key = null, HashAlgorithmName? hash = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string? aiaUrl = null)
    {
        var k = (key ?? TestKey.Rsa2048).Create();
        var request = Request(hosts[0], k, hash ?? HashAlgorithmName.SHA256);
        AddLeafExtensions(request, hosts);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (aiaUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [aiaUrl]));
        }

        return Issue(request, k, notBefore ?? TestClock.Now.AddDays(-30), notAfter ?? TestClock.Now.AddDays(365));
    }

    public static TestCertificate SelfSignedLeaf(string[] hosts, TestKey? key = null)
    {
        var k = (key ?? TestKey.Rsa2048).Create();
        var request = Request(hosts[0], k, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, hosts);
        using var withKey = request.CreateSelfSigned(TestClock.Now.AddDays(-1), TestClock.Now.AddDays(365));
        return new TestCertificate(X509CertificateLoader.LoadCertificate(withKey.RawData), k);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }

    /// <summary>Signs with this CA's key, using the request's hash (SHA-1 included, for weak-signature tests).</summary>
    private TestCertificate Issue(CertificateRequest request, AsymmetricAlgorithm key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = Key is RSA rsa
            ? LegacyRsaGenerator.For(request.HashAlgorithm, rsa) ?? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa((ECDsa)Key);
        var serial = BigInteger.Abs(new BigInteger(Interlocked.Increment(ref _serial))).ToByteArray(isUnsigned: true, isBigEndian: true);
        using var issued = request.Create(Certificate.SubjectName, generator, notBefore, notAfter, serial);
        return new TestCertificate(X509CertificateLoader.LoadCertificate(issued.RawData), key);
    }

    private static CertificateRequest Request(string name, AsymmetricAlgorithm key, HashAlgorithmName hash)
    {
        var subject = new X500DistinguishedName(name.Contains('=', StringComparison.Ordinal) ? name : "CN=" + name);
        return key is RSA rsa
            ? new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, hash);
    }

    private static void AddLeafExtensions(CertificateRequest request, string[] hosts)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (System.Net.IPAddress.TryParse(host, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}

/// <summary>sha1WithRSAEncryption and md5WithRSAEncryption, which .NET's own generator refuses to
/// produce: real old CAs used them, and the weak-signature tests need them.</summary>
internal sealed class LegacyRsaGenerator(RSA key, HashAlgorithmName hash, byte oidLastByte) : X509SignatureGenerator
{
    public static LegacyRsaGenerator? For(HashAlgorithmName hash, RSA key) =>
        hash == HashAlgorithmName.SHA1 ? new(key, hash, 0x05)
        : hash == HashAlgorithmName.MD5 ? new(key, hash, 0x04)
        : null;

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
        [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, oidLastByte, 0x05, 0x00];

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, hash, RSASignaturePadding.Pkcs1);

    protected override PublicKey BuildPublicKey() => CreateForRSA(key, RSASignaturePadding.Pkcs1).PublicKey;
}
