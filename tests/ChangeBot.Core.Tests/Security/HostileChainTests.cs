using System.Formats.Asn1;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Security;

/// <summary>A hostile server chooses what a check must examine; whatever real servers never send is refused
/// before any signature is verified, and evaluation runs under the check's deadline.</summary>
public sealed class HostileChainTests
{
    [Fact]
    public async Task Check_TwelveCertificates_IsRefusedWithoutEvaluation()
    {
        using var pki = new TestChain();
        var extras = Enumerable.Range(0, 10).Select(i => pki.Root.Intermediate($"CN=Extra {i}, O=ChangeBot Tests")).ToList();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate, .. extras]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(CheckVerdict.Error, result.Verdict);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.HandshakeFailed, problem.Code);
        Assert.Contains("presented 12 certificates; a check reads at most 10", problem.Message, StringComparison.Ordinal);
        extras.ForEach(e => e.Dispose());
    }

    [Fact]
    public async Task Check_TenCertificates_IsStillEvaluated()
    {
        using var pki = new TestChain();
        var extras = Enumerable.Range(0, 8).Select(i => pki.Root.Intermediate($"CN=Extra {i}, O=ChangeBot Tests")).ToList();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate, .. extras]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        extras.ForEach(e => e.Dispose());
    }

    [Fact]
    public async Task Check_IssuerWithHugeRsaExponent_IsRefused()
    {
        using var pki = new TestChain();
        using var hostile = IssuedWithKey(pki.Root, pki.Intermediate.Subject, RsaPublicKey(modulusBits: 2048, exponentBits: 2040));
        using var server = TestTlsServer.Start(pki.Leaf, [hostile]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.HandshakeFailed, problem.Code);
        Assert.Contains("whose RSA key has a 2040-bit exponent (at most 256)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OversizedCertificate_IsRefused()
    {
        using var pki = new TestChain();
        using var bloated = IssuedWithKey(pki.Root, "CN=Bloated CA, O=ChangeBot Tests", RsaPublicKey(2048, 17), padding: 20_000);
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate, bloated]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.HandshakeFailed, problem.Code);
        Assert.Contains("a check reads certificates of at most 16384 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AfterTheDeadline_StopsInsteadOfVerifyingSignatures()
    {
        using var pki = new TestChain();
        var probe = new ProbeResult(IPAddress.Loopback, new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"), [pki.Leaf.Certificate, pki.Intermediate.Certificate]);
        var request = new CheckRequest(CheckTarget.Parse("localhost:443"));

        Assert.Throws<OperationCanceledException>(() => ChainEvaluator.Evaluate(request, probe, TestClock.Now, new CancellationToken(canceled: true)));
    }

    private static TestCertificate IssuedWithKey(TestCertificate issuer, string subject, PublicKey key, int padding = 0)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        if (padding > 0)
        {
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.1", Zeros(padding), false));
        }

        var signer = X509SignatureGenerator.CreateForRSA((RSA)issuer.Key, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(issuer.Certificate.SubjectName, signer, TestClock.Now.AddYears(-1), TestClock.Now.AddYears(1), [0x42]);
        return new TestCertificate(X509CertificateLoader.LoadCertificate(issued.RawData), RSA.Create(2048));
    }

    /// <summary>A public RSA key with exactly the given sizes (no private half: it never signs anything).</summary>
    private static PublicKey RsaPublicKey(int modulusBits, int exponentBits)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(BigInteger.One << (modulusBits - 1) | 1);
            writer.WriteInteger(BigInteger.One << (exponentBits - 1) | 1);
        }

        return new PublicKey(new Oid("1.2.840.113549.1.1.1"), new AsnEncodedData([0x05, 0x00]), new AsnEncodedData(writer.Encode()));
    }

    private static byte[] Zeros(int length)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(new byte[length]);
        return writer.Encode();
    }
}
