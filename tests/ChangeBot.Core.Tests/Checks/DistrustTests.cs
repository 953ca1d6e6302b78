using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using ChangeBot.Testing.Checks;
using ChangeBot.Testing.InMemory;

namespace ChangeBot.Core.Tests.Checks;

public sealed class DistrustTests
{
    /// <summary>After Debian dropped the Symantec roots (2020-06-01), before the G4 expired (2023-10-30).</summary>
    private static readonly DateTimeOffset BeforeG4Expired = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SampleNoticeChain_G5IsDistrustedByMozillaAndDebian_StillTrustedElsewhere()
    {
        var result = PlatformVerdictsTests.EvaluateOffline(PlatformVerdictsTests.SampleNoticeChain(), BeforeG4Expired);

        Assert.Equal(
            [
                ("mozilla", PlatformVerdict.Distrusted, (DateOnly?)new DateOnly(2018, 10, 23)),
                ("debian", PlatformVerdict.Distrusted, new DateOnly(2020, 6, 1)),
                ("java", PlatformVerdict.Trusted, null), // Java refuses only Symantec certificates issued after 2019-04-16
                ("microsoft", PlatformVerdict.Trusted, null),
                ("apple", PlatformVerdict.Trusted, null),
            ],
            result.Platforms.Select(p => (p.Store, p.Verdict, p.DistrustedSince)));
        var distrusted = result.Problems.Where(p => p.Code == ProblemCodes.DistrustedRoot).Select(p => p.Message).ToList();
        Assert.Contains(distrusted, m => m.StartsWith("The chain leads to 'VeriSign Class 3 Public Primary Certification Authority - G5' (Symantec PKI", StringComparison.Ordinal)
            && m.Contains("Mozilla since 2018-10-23", StringComparison.Ordinal));
        Assert.Equal(ProblemCodes.DistrustedRoot, result.Problems[0].Code); // leads the headline
        Assert.StartsWith("Action required: major platforms have removed or distrusted", CheckWording.Headline(result), StringComparison.Ordinal);
        Assert.Contains("distrusted since 2018-10-23", CheckText.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void SampleNoticeChain_JavaRefusesItOnlyForLeavesIssuedAfterItsCutOff()
    {
        var g5 = DistrustList.Embedded.Find(PlatformVerdictsTests.SampleNoticeChain()[1])!;

        Assert.Contains(g5.Refusing(new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero), BeforeG4Expired), d => d.Stores.Contains("java"));
        Assert.DoesNotContain(g5.Refusing(new DateTimeOffset(2013, 1, 1, 0, 0, 0, TimeSpan.Zero), BeforeG4Expired), d => d.Stores.Contains("java"));
    }

    [Fact]
    public void Check_NoticeAnnouncingG5_IsFlaggedEvenWhenTheChainIsFine()
    {
        using var pki = new TestChain();
        var notice = new NoticeChain("api-sandbox-tls-certificate", new AnnouncedChain(
            new CertificateRef("VeriSign Class 3 Public Primary Certification Authority - G5", PlatformStoresTests.VeriSignG5), null));
        var request = new CheckRequest(CheckTarget.Parse("localhost")) { Notice = notice };

        var result = PlatformVerdictsTests.EvaluateOffline([pki.Leaf.Certificate, pki.Intermediate.Certificate], TestClock.Now, request);

        var problem = Assert.Single(result.Problems, p => p.Code == ProblemCodes.DistrustedRoot);
        Assert.StartsWith("The notice announces 'VeriSign Class 3 Public Primary Certification Authority - G5' (Symantec PKI", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NoticeAnnouncingG5_WarnsButStoresIt()
    {
        var store = new InMemoryChangeBotStore();
        var catalog = new NoticeCatalog(store, new NoticeImporter(), new AuditTrail(store, TimeProvider.System), []);
        var folder = Path.Combine(AppContext.BaseDirectory, "Answers", "Evaluation");

        var report = await catalog.ImportFilesAsync([Path.Combine(folder, "api-sandbox-tls-certificate.md")], new Actor("cli:test", "cli"), TestContext.Current.CancellationToken);

        Assert.True(report.Succeeded);
        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Results).Outcome);
        Assert.Contains(report.Warnings, w => w.StartsWith(
            "api-sandbox-tls-certificate: the notice announces 'VeriSign Class 3 Public Primary Certification Authority - G5'", StringComparison.Ordinal));
    }

    [Fact]
    public void List_CoversTheRequiredFamilies_WithRealFingerprints()
    {
        var json = File.ReadAllBytes(Path.Combine(SourceRoot(), "src", "ChangeBot.Core", "Checks", "TrustStores", "Distrust", "distrusted-roots.json"));
        using var document = JsonDocument.Parse(json);
        var families = document.RootElement.GetProperty("families").EnumerateArray().ToList();

        Assert.Equal(["symantec", "diginotar", "wosign-startcom", "cnnic", "trustcor", "camerfirma", "entrust"],
            families.Select(f => f.GetProperty("family").GetString()));
        Assert.All(families.SelectMany(f => f.GetProperty("decisions").EnumerateArray()),
            d => Assert.StartsWith("https://", d.GetProperty("source").GetString(), StringComparison.Ordinal));
        // Every fingerprint is of a certificate this repository holds: none is typed in from memory.
        var known = PlatformStores.Embedded.Stores.SelectMany(s => s.Roots.Certificates)
            .Concat(PlatformVerdictsTests.SampleNoticeChain())
            .Select(c => Convert.ToHexString(SHA256.HashData(c.RawData))).ToHashSet();
        var fingerprints = families.SelectMany(f => f.GetProperty("certificates").EnumerateArray())
            .Where(c => c.TryGetProperty("sha256", out _)).Select(c => c.GetProperty("sha256").GetString()!).ToList();
        Assert.Contains(PlatformStoresTests.VeriSignG5, fingerprints);
        Assert.All(fingerprints, f => Assert.Contains(f, known));
    }

    [Fact]
    public void Find_DigiNotarBySubject_SinceNoSnapshotHoldsIt()
    {
        using var key = RSA.Create(2048);
        using var fake = new CertificateRequest("CN=DigiNotar Root CA, O=DigiNotar, C=NL", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(TestClock.Now.AddDays(-1), TestClock.Now.AddDays(1));
        using var other = new CertificateRequest("CN=DigiNotar Root CA, O=Someone Else", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(TestClock.Now.AddDays(-1), TestClock.Now.AddDays(1));

        Assert.Equal("diginotar", DistrustList.Embedded.Find(fake)?.Family);
        Assert.Null(DistrustList.Embedded.Find(other));
        Assert.Equal("diginotar", DistrustList.Embedded.Find(null, "CN=DigiNotar Root CA, O=DigiNotar, C=NL")?.Family);
    }

    [Theory]
    [InlineData("2024-11-30", "2024-12-01", "2025-01-01", true)]  // issued after the cut-off
    [InlineData("2024-11-30", "2024-06-01", "2025-01-01", false)] // issued before: lives out its term
    [InlineData("2024-11-30", "2024-12-01", "2024-11-01", false)] // decision not yet in force
    public void IssuedAfterDecision_RefusesOnlyNewerLeaves(string since, string issued, string now, bool refused)
    {
        var decision = new DistrustDecision(["mozilla"], DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture), true, "r", "https://x");

        Assert.Equal(refused, decision.Refuses(DateTimeOffset.Parse(issued, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
