using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Checks;

public sealed class ChainFileTests : IDisposable
{
    private static readonly string SampleChain = Path.Combine(AppContext.BaseDirectory, "Answers", "Evaluation", "apisb-fullrootchain-new.pem");
    private static readonly string MicrosoftOnlyRoot = Path.Combine(AppContext.BaseDirectory, "Checks", "Chains", "netrust-root-ca-2.pem");

    private readonly TempDirectory _dir = new();

    [Fact]
    public void CheckChain_SampleNoticeChainOffline_PerStoreVerdictsAtAFixedTime()
    {
        var checker = OfflineChecker(new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var result = checker.CheckChain(new CheckRequest(CheckTarget.ForFile(SampleChain)), ChainFile.Load(SampleChain), TestContext.Current.CancellationToken);

        Assert.Equal(["Symantec Class 3 Secure Server CA - G4", "VeriSign Class 3 Public Primary Certification Authority - G5"],
            result.Chain.Select(c => c.Subject.Split(", ")[0][3..]));
        Assert.Equal((null, null, null), (result.Address, result.Tls, result.HostnameMatches));
        Assert.Equal(
            ["mozilla:Distrusted", "debian:Distrusted", "java:Trusted", "microsoft:Trusted", "apple:Trusted"],
            result.Platforms.Select(p => $"{p.Store}:{p.Verdict}"));
        Assert.Equal(ProblemCodes.DistrustedRoot, result.Problems[0].Code);
        Assert.Equal(SampleChain, CheckWording.Endpoint(result));
    }

    [Fact]
    public void CheckChain_AfterTheG4Expired_SaysSo()
    {
        var checker = OfflineChecker(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var result = checker.CheckChain(new CheckRequest(CheckTarget.Parse("apisandbox.zuora.com")), ChainFile.Load(SampleChain), TestContext.Current.CancellationToken);

        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.Expired && p.Message.Contains("expired on 2023-10-30", StringComparison.Ordinal));
        Assert.False(result.HostnameMatches); // a target names the host to match
    }

    [Fact]
    public void CheckChain_RootOnlyMicrosoftTrusts_IsTrustedThereAlone()
    {
        var checker = OfflineChecker(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var result = checker.CheckChain(new CheckRequest(CheckTarget.ForFile(MicrosoftOnlyRoot)), ChainFile.Load(MicrosoftOnlyRoot), TestContext.Current.CancellationToken);

        Assert.Equal(["mozilla:NotTrusted", "debian:NotTrusted", "java:NotTrusted", "apple:NotTrusted", "microsoft:Trusted"],
            result.Platforms.Select(p => $"{p.Store}:{p.Verdict}"));
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.SelfSigned);
    }

    [Fact]
    public void Read_Der_ReadsTheCertificate()
    {
        var der = ChainFile.Load(MicrosoftOnlyRoot)[0].RawData;

        var read = ChainFile.Read("root.cer", der);

        Assert.Equal("65353833CF234C79562164F90849C0D104DBABF8EE41064D83E8CBE03BA1C5A5", Convert.ToHexString(SHA256.HashData(Assert.Single(read).RawData)));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "", "the file is empty" },
        { "hello, this is not a certificate", "not a certificate; expected PEM certificates" },
        { "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "holds no CERTIFICATE block" },
        { "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "(certificate 1): not a certificate" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadInput_SaysWhatIsWrong(string content, string expected)
    {
        var error = Assert.Throws<ChainFileException>(() => ChainFile.Read("chain.pem", Encoding.UTF8.GetBytes(content)));

        Assert.StartsWith("chain.pem", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HundredCertificates_IsRefusedByCount()
    {
        var one = File.ReadAllText(MicrosoftOnlyRoot);
        var path = _dir.File("many.pem");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat(one, 100)));

        var error = Assert.Throws<ChainFileException>(() => ChainFile.Load(path));

        Assert.Equal($"{path}: the file holds 100 certificates; a chain file may hold at most 10.", error.Message);
    }

    /// <summary>A checker whose resolver fails the test if anything tries the network.</summary>
    private static ChainChecker OfflineChecker(DateTimeOffset at) =>
        new(new UnrestrictedResolver((host, _) => throw new InvalidOperationException($"network access for {host}")), new FakeTimeProvider(at), PlatformStores.Embedded);

    public void Dispose() => _dir.Dispose();
}
