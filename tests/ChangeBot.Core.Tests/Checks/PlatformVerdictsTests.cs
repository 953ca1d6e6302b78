using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

public sealed class PlatformVerdictsTests : IDisposable
{
    /// <summary>While the sample notice's G4 intermediate was valid (it expired 2023-10-30).</summary>
    public static readonly DateTimeOffset WhileG4Valid = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Check_OneHandshake_JudgedByEveryPlatformWorstFirst()
    {
        using var pki = new TestChain();
        using var other = new TestChain(name: "Other");
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var platforms = Snapshots(("corp", pki.Root), ("elsewhere", other.Root));
        var checker = new ChainChecker(new UnrestrictedResolver(CheckRunner.Loopback), TestClock.Fake(), platforms);

        var result = await checker.CheckAsync(new CheckRequest(CheckTarget.Parse($"localhost:{server.Port}")),
            TestContext.Current.CancellationToken);

        Assert.Single(server.ServerNames); // one connection for all stores
        Assert.Equal([("elsewhere", PlatformVerdict.NotTrusted), ("corp", PlatformVerdict.Trusted)],
            result.Platforms.Select(p => (p.Store, p.Verdict)));
        Assert.Equal(new DateOnly(2026, 12, 1), result.Platforms[0].SnapshotDate);
        Assert.Contains($"'{pki.Root.Subject}' is not a trusted root in Elsewhere", result.Platforms[0].Reason, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(CheckJson.Serialize(result));
        var first = json.RootElement.GetProperty("platforms")[0];
        Assert.Equal("elsewhere", first.GetProperty("store").GetString());
        Assert.Equal("not-trusted", first.GetProperty("verdict").GetString());
        Assert.Equal("2026-12-01", first.GetProperty("snapshotDate").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("distrustedSince").ValueKind);
        Assert.Contains("Elsewhere  not trusted", CheckText.Render(result), StringComparison.Ordinal);
        var chat = CheckReplyRenderer.Render(result).Sections.Single(s => s.Heading == "Trust by platform");
        Assert.StartsWith("• Elsewhere: not trusted (snapshot 2026-12-01)\n• Corp: trusted", chat.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleNoticeChain_TrustedWhereG5StillIs_NotByMozillaOrDebian()
    {
        var result = EvaluateOffline(SampleNoticeChain(), WhileG4Valid);

        var verdicts = result.Platforms.ToDictionary(p => p.Store, p => p.Verdict);
        Assert.Equal(PlatformVerdict.Trusted, verdicts["java"]);
        Assert.Equal(PlatformVerdict.Trusted, verdicts["microsoft"]);
        Assert.Equal(PlatformVerdict.Trusted, verdicts["apple"]);
        Assert.NotEqual(PlatformVerdict.Trusted, verdicts["mozilla"]);
        Assert.NotEqual(PlatformVerdict.Trusted, verdicts["debian"]);
        Assert.Equal(["mozilla", "debian"], result.Platforms.Take(2).Select(p => p.Store)); // worst first
    }

    /// <summary>The sample notice's bundle: Symantec Class 3 Secure Server CA - G4, then VeriSign G5.</summary>
    internal static X509Certificate2[] SampleNoticeChain()
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(Path.Combine(AppContext.BaseDirectory, "Answers", "Evaluation", "apisb-fullrootchain-new.pem"));
        return [.. bundle];
    }

    internal static CheckResult EvaluateOffline(IReadOnlyList<X509Certificate2> chain, DateTimeOffset at, CheckRequest? request = null) =>
        ChainEvaluator.Evaluate(request ?? new CheckRequest(CheckTarget.Parse("apisandbox.example.com")),
            new ProbeResult(IPAddress.Loopback, new TlsInfo("TLSv1.2", "offline"), chain), at, TestContext.Current.CancellationToken);

    private PlatformStores Snapshots(params (string Id, TestCertificate Root)[] stores)
    {
        var folder = Directory.CreateDirectory(_dir.File(Guid.NewGuid().ToString("N"))).FullName;
        var entries = stores.Select(s =>
        {
            TrustStoreFiles.Pem(Path.Combine(folder, s.Id + ".pem"), s.Root);
            var name = char.ToUpperInvariant(s.Id[0]) + s.Id[1..];
            return $$"""{ "store": "{{s.Id}}", "name": "{{name}}", "file": "{{s.Id}}.pem", "sourcePackage": "test", "version": "1", "snapshotDate": "2026-12-01" }""";
        });
        File.WriteAllText(Path.Combine(folder, "manifest.json"), $$"""{ "stores": [ {{string.Join(", ", entries)}} ] }""");
        return PlatformStores.FromFolder(folder);
    }

    public void Dispose() => _dir.Dispose();
}
