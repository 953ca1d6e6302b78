using System.Security.Cryptography;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

public sealed class CertificateProblemTests
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    [Fact]
    public async Task Check_ExpiredLeaf_IsExpired()
    {
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], notBefore: Now.AddDays(-400), notAfter: Now.AddDays(-2));
        using var server = TestTlsServer.Start(leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal([ProblemCodes.Expired], result.Codes());
        Assert.False(result.Trust[1].Trusted);
    }

    [Fact]
    public async Task Check_NotYetValidLeaf_IsNotYetValid()
    {
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], notBefore: Now.AddDays(3), notAfter: Now.AddDays(300));
        using var server = TestTlsServer.Start(leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal([ProblemCodes.NotYetValid], result.Codes());
    }

    [Fact]
    public async Task Check_LeafExpiringIn10Days_IsExpiringSoonButTrusted()
    {
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], notAfter: Now.AddDays(10));
        using var server = TestTlsServer.Start(leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal([ProblemCodes.ExpiringSoon], result.Codes());
        Assert.Contains("in 10 days", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.True(result.Trust[1].Trusted);
        Assert.Equal(CheckVerdict.Problems, result.Verdict);
    }

    [Fact]
    public async Task Check_LeafExpiringIn31Days_IsOk()
    {
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], notAfter: Now.AddDays(31));
        using var server = TestTlsServer.Start(leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
    }

    [Fact]
    public async Task Check_WrongHostName_IsHostnameMismatch()
    {
        using var pki = new TestChain(hosts: ["api.example.test"]);
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal([ProblemCodes.HostnameMismatch], result.Codes());
        Assert.False(result.HostnameMatches);
        Assert.Contains("'api.example.test'", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHA1", "sha1RSA")]
    [InlineData("MD5", "md5RSA")]
    public async Task Check_IntermediateWithWeakSignature_IsWeakSignature(string hash, string algorithm)
    {
        using var root = TestCertificate.Root("CN=Weak Test Root");
        using var intermediate = root.Intermediate("CN=Weakly Signed CA", hash: new HashAlgorithmName(hash));
        using var leaf = intermediate.Leaf(["localhost"]);
        using var server = TestTlsServer.Start(leaf, [intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [root]);

        Assert.Equal([ProblemCodes.WeakSignature], result.Codes());
        Assert.Equal(algorithm, result.Chain[1].SignatureAlgorithm);
        Assert.Contains("CN=Weakly Signed CA", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Sha1SelfSignatureOfSentRoot_IsHarmless()
    {
        using var root = TestCertificate.Root("CN=Old Sha1 Root", hash: HashAlgorithmName.SHA1);
        using var intermediate = root.Intermediate("CN=Modern CA");
        using var leaf = intermediate.Leaf(["localhost"]);
        using var server = TestTlsServer.Start(leaf, [intermediate, root]);

        var result = await CheckRunner.RunAsync(server.Port, [root]);

        Assert.Equal("sha1RSA", result.Chain[2].SignatureAlgorithm);
        Assert.Equal(CheckVerdict.Ok, result.Verdict);
    }

    [Fact]
    public async Task Check_Rsa1024Leaf_IsWeakKey()
    {
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], key: TestKey.Rsa1024);
        using var server = TestTlsServer.Start(leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal([ProblemCodes.WeakKey], result.Codes());
        Assert.Equal("RSA 1024", result.Chain[0].PublicKey);
    }
}
