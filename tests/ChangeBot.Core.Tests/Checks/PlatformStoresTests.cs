using System.Security.Cryptography;
using ChangeBot.Core.Checks;

namespace ChangeBot.Core.Tests.Checks;

public sealed class PlatformStoresTests : IDisposable
{
    /// <summary>VeriSign Class 3 Public Primary Certification Authority - G5, the sample notice's root.</summary>
    public const string VeriSignG5 = "9ACFAB7E43C8D880D06B262A94DEEEE4B4659989C3D0CAF19BAF6405E41AB7DF";

    private readonly TempDirectory _dir = new();

    [Fact]
    public void Embedded_HoldsTheFivePlatformsWithProvenance()
    {
        var stores = PlatformStores.Embedded.Stores;

        Assert.Equal(["mozilla", "debian", "java", "microsoft", "apple"], stores.Select(s => s.Id));
        var debian = stores.Single(s => s.Id == "debian");
        Assert.Equal("ca-certificates", debian.SourcePackage);
        Assert.Equal(new DateOnly(2023, 3, 11), debian.SnapshotDate);
        Assert.All(stores, s => Assert.True(s.Roots.Certificates.Count > 50, $"{s.Id} has {s.Roots.Certificates.Count} roots"));
        Assert.Same(PlatformStores.Embedded, PlatformStores.FromFolder(null)); // read once per process
    }

    [Fact]
    public void Embedded_G5IsInMicrosoftAppleJavaButNotMozillaOrDebian()
    {
        var holding = PlatformStores.Embedded.Stores
            .Where(s => s.Roots.Certificates.Any(c => Convert.ToHexString(SHA256.HashData(c.RawData)) == VeriSignG5))
            .Select(s => s.Id);

        Assert.Equal(["java", "microsoft", "apple"], holding);
    }

    [Fact]
    public void FromFolder_ReadsAnOperatorsSnapshotsOnce()
    {
        var pki = new ChangeBot.Testing.Checks.TestChain();
        ChangeBot.Testing.Checks.TrustStoreFiles.Pem(_dir.File("corp.pem"), pki.Root);
        File.WriteAllText(_dir.File("manifest.json"), """
            { "stores": [ { "store": "corp", "name": "Corporate", "file": "corp.pem", "sourcePackage": "corp-ca",
                            "version": "7", "snapshotDate": "2026-12-01" } ] }
            """);

        var set = PlatformStores.FromFolder(_dir.Path);

        var corp = Assert.Single(set.Stores);
        Assert.Equal(("corp", new DateOnly(2026, 12, 1)), (corp.Id, corp.SnapshotDate));
        Assert.Same(set, PlatformStores.FromFolder(_dir.Path));
    }

    [Theory]
    [InlineData("not json", "manifest.json is not JSON")]
    [InlineData("""{ "stores": [] }""", "must list 1 to 16 stores")]
    [InlineData("""{ "stores": [ { "store": "x", "name": "X", "file": "../x.pem", "sourcePackage": "p", "version": "1", "snapshotDate": "2026-01-01" } ] }""", "not a file name")]
    [InlineData("""{ "stores": [ { "store": "x", "name": "X", "file": "x.pem", "sourcePackage": "p", "version": "1", "snapshotDate": "yesterday" } ] }""", "not a yyyy-MM-dd date")]
    [InlineData("""{ "stores": [ { "store": "x", "file": "x.pem" } ] }""", "lacks \"snapshotDate\"")]
    public void FromFolder_BadManifest_SaysWhatIsWrong(string manifest, string expected)
    {
        File.WriteAllText(_dir.File("manifest.json"), manifest);

        var error = Assert.Throws<TrustStoreException>(() => PlatformStores.FromFolder(_dir.Path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Checks:StoreSnapshots", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
