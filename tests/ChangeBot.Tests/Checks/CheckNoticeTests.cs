using ChangeBot.Cli;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Checks;

/// <summary><c>check --notice ID --data DIR</c>: the chain must lead to what the imported notice announces.</summary>
public sealed class CheckNoticeTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _files = new();
    private readonly TestChain _pki = new(name: "Announced");

    [Fact]
    public async Task Check_ChainLeadingToTheAnnouncedRoot_IsOkAndReportsTheNotice()
    {
        await ImportNoticeAsync(_pki.Root, _pki.Intermediate);
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        var roots = TrustStoreFiles.Pem(_files.File("roots.pem"), _pki.Root);

        var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", roots,
            "--notice", "test-ca-change", "--data", _data.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        var notice = run.Json.GetProperty("trust").EnumerateArray().Last();
        Assert.Equal("notice:test-ca-change", notice.GetProperty("store").GetString());
        Assert.True(notice.GetProperty("trusted").GetBoolean());
    }

    [Fact]
    public async Task Check_ChainLeadingElsewhere_IsNotAnnouncedChain()
    {
        using var announced = new TestChain(name: "New");
        await ImportNoticeAsync(announced.Root, announced.Intermediate);
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        var roots = TrustStoreFiles.Pem(_files.File("roots.pem"), _pki.Root);

        var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", roots,
            "--notice", "test-ca-change", "--data", _data.Path, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["not-announced-chain"], run.Codes);
    }

    [Fact]
    public async Task Check_UnknownNotice_Exits64()
    {
        var run = await CliRun.RunAsync("check", "localhost:1", "--notice", "no-such-notice", "--data", _data.Path);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("no-such-notice", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _files.Dispose();
        _data.Dispose();
    }

    private async Task ImportNoticeAsync(TestCertificate root, TestCertificate intermediate)
    {
        var path = _files.File("test-ca-change.md");
        await File.WriteAllTextAsync(path, $"""
            ---
            id: test-ca-change
            title: Test endpoint moves to a new CA
            severity: action-required
            certificates:
              intermediate:
                subject: {intermediate.Subject}
                sha256: {intermediate.Sha256}
              root:
                subject: {root.Subject}
                sha256: {root.Sha256}
            ---

            ## What is changing

            The test endpoint's certificate moves to a new CA.
            """, TestContext.Current.CancellationToken);
        var import = await CliRun.RunAsync("notices", "import", path, "--data", _data.Path);
        Assert.True(import.ExitCode == 0, import.Error);
    }
}
