using System.Text.Json;
using ChangeBot.Cli;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Checks;

/// <summary><c>changebot check</c> through <see cref="CliApp.RunAsync"/>, against real TLS listeners on loopback.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestChain _pki = new();

    [Fact]
    public async Task Check_TrustedChainAsJson_PrintsTheSpecShapeAndExits0()
    {
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        var roots = TrustStoreFiles.Pem(_dir.File("roots.pem"), _pki.Root);

        var run = await CliRun.RunAsync("check", $"https://localhost:{server.Port}", "--ca-file", roots, "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal(["target", "host", "port", "address", "tls", "chain", "hostnameMatches", "trust", "platforms", "problems", "verdict"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"https://localhost:{server.Port}", json.GetProperty("target").GetString());
        Assert.Equal("localhost", json.GetProperty("host").GetString());
        Assert.Equal(server.Port, json.GetProperty("port").GetInt32());
        Assert.Equal("127.0.0.1", json.GetProperty("address").GetString());
        Assert.Equal(["version", "cipherSuite"], json.GetProperty("tls").EnumerateObject().Select(p => p.Name));
        var chain = json.GetProperty("chain").EnumerateArray().ToList();
        Assert.Equal(2, chain.Count);
        Assert.Equal(["subject", "issuer", "serialNumber", "notBefore", "notAfter", "sha256", "publicKey", "signatureAlgorithm"],
            chain[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(_pki.Leaf.Sha256, chain[0].GetProperty("sha256").GetString());
        Assert.True(json.GetProperty("hostnameMatches").GetBoolean());
        var trust = json.GetProperty("trust").EnumerateArray().ToList();
        Assert.Equal(["system", roots], trust.Select(t => t.GetProperty("store").GetString()));
        Assert.Equal([false, true], trust.Select(t => t.GetProperty("trusted").GetBoolean()));
        Assert.Equal(["store", "trusted", "reason"], trust[0].EnumerateObject().Select(p => p.Name));
        Assert.Empty(json.GetProperty("problems").EnumerateArray());
        Assert.Equal("ok", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Check_WithoutJson_PrintsThePlainWordsVerdictFirst()
    {
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        var roots = TrustStoreFiles.Pem(_dir.File("roots.pem"), _pki.Root);

        var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", roots);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Your integration will keep working: the endpoint sends a complete chain to the root your store trusts ({_pki.Root.Subject}).",
            run.Output, StringComparison.Ordinal);
        Assert.Contains(_pki.Intermediate.Sha256, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SelfSignedCertificateTheUsersStoreHolds_HeadlineProblemsAndExitCodeAllSayFine()
    {
        using var leaf = TestCertificate.SelfSignedLeaf(["localhost"]);
        using var server = TestTlsServer.Start(leaf, []);
        var mine = TrustStoreFiles.Pem(_dir.File("mine.pem"), leaf);

        var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", mine);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Your integration will keep working", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Problems:", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{mine}: trusted", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Json_KeepsApostrophesAsWritten()
    {
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        using var stranger = TestCertificate.Root("CN=Unrelated Root");
        var unrelated = TrustStoreFiles.Pem(_dir.File("unrelated.pem"), stranger);

        var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", unrelated, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("leads to '", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pem-bundle")]
    [InlineData("der")]
    [InlineData("p12")]
    [InlineData("p12-changeit")]
    [InlineData("jks")]
    [InlineData("jks-password")]
    public async Task Check_EachTrustStoreFormat_JudgesByIt(string format)
    {
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        string[] store = format switch
        {
            "pem-bundle" => [TrustStoreFiles.Pem(_dir.File("bundle.pem"), _pki.Root, _pki.Intermediate)],
            "der" => [TrustStoreFiles.Der(_dir.File("root.cer"), _pki.Root)],
            "p12" => [TrustStoreFiles.Pkcs12(_dir.File("store.p12"), "s3cret", _pki.Root), "--ca-password", "s3cret"],
            "p12-changeit" => [TrustStoreFiles.Pkcs12(_dir.File("store.pfx"), "changeit", _pki.Root)],
            "jks" => [TrustStoreFiles.Jks(_dir.File("truststore.jks"), "changeit", _pki.Root)],
            _ => [TrustStoreFiles.Jks(_dir.File("cacerts"), "hunter22", _pki.Root), "--ca-password", "hunter22"],
        };

        var run = await CliRun.RunAsync(["check", $"localhost:{server.Port}", "--json", "--ca-file", .. store]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ok", run.Json.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("p12")]
    [InlineData("jks")]
    public async Task Check_TrustStoreWithWrongPassword_Exits64NamingTheFile(string format)
    {
        var path = format == "p12"
            ? TrustStoreFiles.Pkcs12(_dir.File("store.p12"), "right", _pki.Root)
            : TrustStoreFiles.Jks(_dir.File("store.jks"), "rightpass", _pki.Root);

        var run = await CliRun.RunAsync("check", "localhost:1", "--ca-file", path, "--ca-password", "wrong");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains(path, run.Error, StringComparison.Ordinal);
        Assert.Contains("wrong password", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Check_GarbageTrustStore_Exits64NamingTheFile()
    {
        var path = _dir.File("garbage.jks");
        await File.WriteAllBytesAsync(path, [0x42, 0x00, 0x13, 0x37, 0xFF], TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("check", "localhost:1", "--ca-file", path);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.StartsWith($"{path}: not a trust store", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SeedSituation_OldRootOnlyNeedsActionBothRootsKeepWorking()
    {
        using var oldRoot = TestCertificate.Root("CN=Cybertrust Test Root");
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        var oldFile = TrustStoreFiles.Pem(_dir.File("old.pem"), oldRoot);
        var newFile = TrustStoreFiles.Pem(_dir.File("new.pem"), _pki.Root);

        var before = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", oldFile);
        var after = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", oldFile, "--ca-file", newFile, "--json");

        Assert.Equal(1, before.ExitCode);
        Assert.StartsWith($"Action required: your trust store does not contain '{_pki.Root.Subject}'", before.Output, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.Equal([false, false, true], after.Json.GetProperty("trust").EnumerateArray().Select(t => t.GetProperty("trusted").GetBoolean()));
    }

    [Fact]
    public async Task Check_MissingIntermediate_Exits1WithIncompleteChain()
    {
        using var server = TestTlsServer.Start(_pki.Leaf, []);
        var roots = TrustStoreFiles.Pem(_dir.File("roots.pem"), _pki.Root);

        var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", roots, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["incomplete-chain"], run.Codes);
        Assert.Equal("problems", run.Json.GetProperty("verdict").GetString());
    }

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }
}
