using ChangeBot.Cli;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Checks;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>The prompt-free password variable; alone in its collection because it changes the process environment.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class CheckPasswordVariableTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestChain _pki = new();

    [Fact]
    public async Task Check_PasswordFromEnvironment_OpensThePkcs12File()
    {
        using var server = TestTlsServer.Start(_pki.Leaf, [_pki.Intermediate]);
        var path = TrustStoreFiles.Pkcs12(_dir.File("store.p12"), "from-env", _pki.Root);
        Environment.SetEnvironmentVariable(CheckCommand.PasswordVariable, "from-env");
        try
        {
            var run = await CliRun.RunAsync("check", $"localhost:{server.Port}", "--ca-file", path, "--json");

            Assert.Equal(0, run.ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CheckCommand.PasswordVariable, null);
        }
    }

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }
}
