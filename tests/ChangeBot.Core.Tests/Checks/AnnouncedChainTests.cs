using ChangeBot.Core.Checks;
using ChangeBot.Core.Notices;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>The seed's situation: the endpoint moves from an old CA to a new one; customers must trust the new root.</summary>
public sealed class AnnouncedChainTests : IDisposable
{
    private readonly TestCertificate _oldRoot = TestCertificate.Root("CN=Cybertrust Test Root, O=Old CA");
    private readonly TestCertificate _newRoot = TestCertificate.Root("CN=VeriSign Test Root G5, O=New CA");
    private readonly TestCertificate _newIntermediate;
    private readonly TestCertificate _newLeaf;

    public AnnouncedChainTests()
    {
        _newIntermediate = _newRoot.Intermediate("CN=Symantec Test Secure Server CA G4, O=New CA");
        _newLeaf = _newIntermediate.Leaf(["localhost"]);
    }

    [Fact]
    public async Task Check_StoreWithOnlyTheOldRoot_IsUntrustedRootNamingTheNewRoot()
    {
        using var server = TestTlsServer.Start(_newLeaf, [_newIntermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [_oldRoot], notice: Notice(bySha: true));

        Assert.Equal([ProblemCodes.UntrustedRoot], result.Codes());
        Assert.StartsWith($"Action required: your trust store does not contain '{_newRoot.Subject}'; import the root named in the notice",
            CheckWording.Headline(result, _newRoot.Subject), StringComparison.Ordinal);
        Assert.True(result.Trust.Single(t => t.Store == "notice:api-sandbox-tls-certificate").Trusted);
    }

    [Fact]
    public async Task Check_StoreWithBothRoots_IsOk()
    {
        using var server = TestTlsServer.Start(_newLeaf, [_newIntermediate]);
        TrustStore[] stores = [new("old.pem", [_oldRoot.Certificate]), new("new.pem", [_newRoot.Certificate])];

        var result = await CheckRunner.RunAsync(server.Port, stores, notice: Notice(bySha: true));

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        Assert.Equal([false, false, true, true], result.Trust.Select(t => t.Trusted));
        Assert.Equal(["system", "old.pem", "new.pem", "notice:api-sandbox-tls-certificate"], result.Trust.Select(t => t.Store));
    }

    [Fact]
    public async Task Check_OldChainStillServed_IsNotAnnouncedChain()
    {
        using var oldIntermediate = _oldRoot.Intermediate("CN=Cybertrust Test CA");
        using var oldLeaf = oldIntermediate.Leaf(["localhost"]);
        using var server = TestTlsServer.Start(oldLeaf, [oldIntermediate]);

        var result = await CheckRunner.RunAsync(server.Port, [_oldRoot, _newRoot], notice: Notice(bySha: false));

        Assert.Equal([ProblemCodes.NotAnnouncedChain], result.Codes());
        Assert.Contains(_oldRoot.Subject, result.Problems[0].Message, StringComparison.Ordinal);
        Assert.False(result.Trust[^1].Trusted);
    }

    [Fact]
    public async Task Check_AnnouncedBySubjectOnlyWithRootNowhere_MatchesTheIssuerName()
    {
        using var server = TestTlsServer.Start(_newLeaf, [_newIntermediate]);
        var notice = new NoticeChain("n1", new AnnouncedChain(
            new CertificateRef("VeriSign Test Root G5", null), new CertificateRef("O=New CA, CN=Symantec Test Secure Server CA G4", null)));

        var result = await CheckRunner.RunAsync(server.Port, [_newRoot], notice: notice);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
    }

    public void Dispose()
    {
        _newLeaf.Dispose();
        _newIntermediate.Dispose();
        _newRoot.Dispose();
        _oldRoot.Dispose();
    }

    private NoticeChain Notice(bool bySha) => new("api-sandbox-tls-certificate", new AnnouncedChain(
        new CertificateRef(_newRoot.Subject, bySha ? _newRoot.Sha256.ToLowerInvariant() : null),
        new CertificateRef(_newIntermediate.Subject, bySha ? string.Join(':', _newIntermediate.Sha256.Chunk(2).Select(c => new string(c))) : null)));
}
