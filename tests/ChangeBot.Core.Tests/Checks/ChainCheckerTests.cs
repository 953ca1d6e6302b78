using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

public sealed class ChainCheckerTests
{
    [Fact]
    public async Task Check_GoodRsaChain_IsOkWithEveryFact()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        Assert.Empty(result.Problems);
        Assert.True(result.HostnameMatches);
        Assert.Equal("127.0.0.1", result.Address);
        Assert.Equal("TLSv1.3", result.Tls!.Version);
        Assert.StartsWith("TLS_AES_", result.Tls.CipherSuite, StringComparison.Ordinal);
        Assert.Equal([pki.Leaf.Sha256, pki.Intermediate.Sha256], result.Chain.Select(c => c.Sha256));
        var leaf = result.Chain[0];
        Assert.Equal(pki.Leaf.Subject, leaf.Subject);
        Assert.Equal(pki.Intermediate.Subject, leaf.Issuer);
        Assert.Equal(pki.Leaf.Certificate.SerialNumber, leaf.SerialNumber);
        Assert.Equal("RSA 2048", leaf.PublicKey);
        Assert.Equal("sha256RSA", leaf.SignatureAlgorithm);
        Assert.Equal(new TrustResult("roots.pem", true, $"trusted: the chain leads to '{pki.Root.Subject}' in roots.pem"), result.Trust[1]);
        Assert.Equal("system", result.Trust[0].Store);
        Assert.False(result.Trust[0].Trusted);
        Assert.StartsWith("Your integration will keep working", CheckWording.Headline(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_GoodEcdsaChain_IsOk()
    {
        using var pki = new TestChain(TestKey.EcP256);
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        Assert.Equal("EC 256 (P-256)", result.Chain[0].PublicKey);
        Assert.Equal("sha256ECDSA", result.Chain[0].SignatureAlgorithm);
    }

    [Fact]
    public async Task Check_SendsHostNameAsSni()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);

        await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(["localhost"], server.ServerNames);
    }

    [Fact]
    public async Task Check_MissingIntermediate_IsIncompleteChainNotUntrustedRoot()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, []);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        Assert.Equal(CheckVerdict.Problems, result.Verdict);
        Assert.Equal([ProblemCodes.IncompleteChain], result.Codes());
        Assert.Single(result.Chain);
        Assert.False(result.Trust[1].Trusted);
        Assert.Contains(pki.Intermediate.Subject, result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_LeafIssuedDirectlyByTrustedRoot_IsComplete()
    {
        using var root = TestCertificate.Root("CN=Direct Root");
        using var leaf = root.Leaf(["localhost"]);
        using var server = TestTlsServer.Start(leaf, []);

        var result = await CheckRunner.RunAsync(server.Port, [root]);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
    }

    [Fact]
    public async Task Check_ChainToRootTheClientDoesNotTrust_IsUntrustedRootNotIncomplete()
    {
        using var pki = new TestChain();
        using var other = TestCertificate.Root("CN=Some Other Root");
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [other]);

        Assert.Equal([ProblemCodes.UntrustedRoot], result.Codes());
        Assert.Contains(pki.Root.Subject, result.Problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith($"Action required: your trust store does not contain '{pki.Root.Subject}'",
            CheckWording.Headline(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoTrustFiles_IsJudgedByTheSystemStore()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);

        var result = await CheckRunner.RunAsync(server.Port);

        Assert.Equal([ProblemCodes.UntrustedRoot], result.Codes());
        Assert.Equal(["system"], result.Trust.Select(t => t.Store));
        Assert.Contains("the system store", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SelfSignedLeaf_IsSelfSignedNotIncomplete()
    {
        using var leaf = TestCertificate.SelfSignedLeaf(["localhost"]);
        using var server = TestTlsServer.Start(leaf, []);

        var result = await CheckRunner.RunAsync(server.Port, [TestChainRoots.Unrelated]);

        Assert.Equal([ProblemCodes.SelfSigned, ProblemCodes.UntrustedRoot], result.Codes());
        Assert.StartsWith("Action required: the endpoint presents a self-signed certificate", CheckWording.Headline(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SelfSignedLeafTheClientHolds_IsTrustedAndFine()
    {
        using var leaf = TestCertificate.SelfSignedLeaf(["localhost"]);
        using var server = TestTlsServer.Start(leaf, []);

        var result = await CheckRunner.RunAsync(server.Port, [leaf]);

        // A client holding that exact certificate accepts it: no problem, and the headline says so.
        Assert.Empty(result.Codes());
        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        Assert.True(result.Trust[1].Trusted);
        Assert.StartsWith(CheckWording.KeepsWorking, CheckWording.Headline(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ShuffledChainWithUnrelatedExtrasAndRoot_IsToleratedAndReportedExactly()
    {
        using var root = TestCertificate.Root("CN=Deep Root");
        using var upper = root.Intermediate("CN=Upper CA");
        using var lower = upper.Intermediate("CN=Lower CA");
        using var leaf = lower.Leaf(["localhost"]);
        using var stranger = TestCertificate.Root("CN=Unrelated Root");
        using var strangerChild = stranger.Intermediate("CN=Unrelated CA");
        TestCertificate[] sent = [stranger, upper, strangerChild, root, lower];
        using var server = TestTlsServer.Start(leaf, sent);

        var result = await CheckRunner.RunAsync(server.Port, [root]);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        Assert.Equal([leaf.Sha256, .. sent.Select(c => c.Sha256)], result.Chain.Select(c => c.Sha256));
    }
}

/// <summary>Roots shared by tests that only need "some root the chain does not lead to".</summary>
internal static class TestChainRoots
{
    public static TestCertificate Unrelated { get; } = TestCertificate.Root("CN=Unrelated Test Root");
}
