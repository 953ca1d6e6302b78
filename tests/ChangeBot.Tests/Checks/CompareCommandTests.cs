using ChangeBot.Cli;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Checks;

/// <summary><c>compare ID</c>: checks the notice's current and test endpoints and says what changes for a client.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _files = new();

    [Fact]
    public async Task Compare_NewRootAndKeyOnTheTestEndpoint_SaysWhatChanges()
    {
        using var old = new TestChain(name: "Old");
        using var next = new TestChain(TestKey.EcP256, name: "New");
        using var current = TestTlsServer.Start(old.Leaf, [old.Intermediate]);
        using var test = TestTlsServer.Start(next.Leaf, [next.Intermediate]);
        await ImportAsync($"https://localhost:{current.Port}", $"https://localhost:{test.Port}");

        var run = await CliRun.RunAsync("compare", "ca-move", "--data", _data.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("What changes for a client:", run.Output, StringComparison.Ordinal);
        Assert.Contains($"  Issuer: {old.Intermediate.Subject} -> {next.Intermediate.Subject}", run.Output, StringComparison.Ordinal);
        Assert.Contains($"  Root: {old.Root.Subject} -> {next.Root.Subject}", run.Output, StringComparison.Ordinal);
        Assert.Contains("  Key: RSA 2048 -> EC 256 (P-256)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Unchanged: Verdict", run.Output, StringComparison.Ordinal);
        Assert.Single(current.ServerNames); // one handshake per endpoint
        Assert.Single(test.ServerNames);
    }

    [Fact]
    public async Task Compare_NoticeWithoutTestEndpoint_IsAUsageError()
    {
        await ImportAsync("https://localhost:1", null);

        var run = await CliRun.RunAsync("compare", "ca-move", "--data", _data.Path);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("names no endpoint with both a current and a test URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UnknownNotice_IsAUsageError()
    {
        var run = await CliRun.RunAsync("compare", "no-such-notice", "--data", _data.Path);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.StartsWith("no-such-notice: there is no such notice", run.Error, StringComparison.Ordinal);
    }

    private async Task ImportAsync(string current, string? test)
    {
        var path = _files.File("ca-move.md");
        var testLine = test is null ? "" : $"\n    test: {test}";
        await File.WriteAllTextAsync(path, $"""
            ---
            id: ca-move
            title: The endpoint moves to a new CA
            severity: action-required
            endpoints:
              - name: API
                current: {current}{testLine}
            ---

            ## What is changing

            The endpoint's certificate moves to a new CA.
            """, TestContext.Current.CancellationToken);
        var import = await CliRun.RunAsync("notices", "import", path, "--data", _data.Path);
        Assert.True(import.ExitCode == 0, import.Error);
    }

    public void Dispose()
    {
        _files.Dispose();
        _data.Dispose();
    }
}
