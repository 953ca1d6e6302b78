using System.Net;
using System.Net.Sockets;

namespace ChangeBot.Tests.Cli;

/// <summary>
/// Bad settings stop the real server process (and a CLI command) with one line per problem naming the setting,
/// exit code 78 (EX_CONFIG) and no stack trace, instead of an unhandled exception.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task Server_SlackWithoutSigningSecret_Exits78NamingTheSetting()
    {
        var run = await ServerAsync(new() { ["Slack__BotToken"] = "xoxb-0000000000-test-token" });

        Assert.Contains("Slack:SigningSecret", AssertConfigError(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_UnknownStorage_Exits78NamingTheSettingAndTheAllowedValues()
    {
        var run = await ServerAsync(new() { ["ChangeBot__Storage"] = "Mongo" });

        Assert.Equal("ChangeBot:Storage is 'Mongo'; expected one of LiteDb, Postgres.", AssertConfigError(run));
    }

    [Fact]
    public async Task Server_PortInUse_Exits78NamingUrlsSettings()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var run = await ServerAsync([], port);

        Assert.Equal(
            $"The address http://127.0.0.1:{port} is already in use. Stop what listens there, or choose another address with ASPNETCORE_URLS or --urls (e.g. --urls http://localhost:5080).",
            AssertConfigError(run));
    }

    [Fact]
    public async Task Cli_PostgresWithoutConnectionString_Exits78AsTheServerWould()
    {
        var run = await CliProcess.RunAsync(_work.Path, new Dictionary<string, string> { ["ChangeBot__Storage"] = "Postgres" }, "notices", "list");

        Assert.Contains("ConnectionStrings:Postgres", AssertConfigError(run), StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    /// <summary>Exit 78, no stack trace or exception anywhere, and one line on standard error: returned.</summary>
    private static string AssertConfigError(CliRun run)
    {
        Assert.True(run.ExitCode == 78, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Output + run.Error, StringComparison.Ordinal);
        return Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private Task<CliRun> ServerAsync(Dictionary<string, string> environment, int? port = null)
    {
        environment["ChangeBot__DataDirectory"] = _work.File("data");
        var url = $"http://127.0.0.1:{port ?? ChangeBot.Testing.Hosting.ServerProcess.FreePort()}";
        return CliProcess.RunAsync(_work.Path, environment, "--urls", url);
    }
}
