using System.Security.Cryptography.X509Certificates;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>
/// Completeness is judged from what the server sent: no AIA download during a check, and an
/// intermediate that .NET cached earlier (~/.dotnet/corefx/cryptography/x509stores/ca) does not make an
/// incomplete chain look complete.
/// </summary>
public sealed class AiaTests
{
    [Fact]
    public async Task Check_MissingIntermediateWithAiaUrl_NeverFetchesIt()
    {
        using var aia = TestListener.Silent();
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], aiaUrl: $"http://127.0.0.1:{aia.Port}/issuer.cer");
        using var server = TestTlsServer.Start(leaf, []);

        var withFiles = await CheckRunner.RunAsync(server.Port, [pki.Root]);
        var withSystem = await CheckRunner.RunAsync(server.Port);

        Assert.Equal([ProblemCodes.IncompleteChain], withFiles.Codes());
        Assert.Equal([ProblemCodes.IncompleteChain], withSystem.Codes());
        Assert.False(aia.Accepted.IsCompleted, "the check fetched the AIA URL");
    }

    [Fact]
    public async Task Check_MissingIntermediateCachedOnThisMachine_IsStillIncomplete()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, []);
        using var cache = new X509Store(StoreName.CertificateAuthority, StoreLocation.CurrentUser);
        cache.Open(OpenFlags.ReadWrite);
        cache.Add(pki.Intermediate.Certificate);
        try
        {
            var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

            Assert.Equal([ProblemCodes.IncompleteChain], result.Codes());
            Assert.All(result.Trust, t => Assert.False(t.Trusted));
        }
        finally
        {
            cache.Remove(pki.Intermediate.Certificate);
        }
    }
}
