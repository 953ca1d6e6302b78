using ChangeBot.Cli;
using ChangeBot.Tests.Hosting;

namespace ChangeBot.Tests.Cli;

public sealed class CliStoreTests
{
    [Fact]
    public async Task Open_WhileServerRuns_ThrowsCliExceptionWithExitCode1()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        var error = Assert.Throws<CliException>(() => CliStore.Open(app.DataDirectory));

        Assert.Equal(1, error.ExitCode);
        Assert.Equal(
            $"The data directory {app.DataDirectory} is in use by a running ChangeBot server; use the REST API or stop the server.",
            error.Message);
    }

    [Fact]
    public async Task Open_FreeDirectory_OpensAndCreatesTheStore()
    {
        using var data = new TempDirectory();
        var folder = Path.Combine(data.Path, "fresh");

        using (var store = CliStore.Open(folder))
        {
            await store.SetSecretAsync("k", "v", TestContext.Current.CancellationToken);
        }

        using var reopened = CliStore.Open(folder);
        Assert.Equal("v", await reopened.GetSecretAsync("k", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/srv/flag", "/srv/env", "/srv/flag")]
    [InlineData(null, "/srv/env", "/srv/env")]
    [InlineData(null, null, "./data")]
    public void ResolveDataDirectory_FlagThenEnvironmentThenDefault(string? flag, string? environment, string expected)
    {
        var resolved = CliStore.ResolveDataDirectory(flag, name => name == "ChangeBot__DataDirectory" ? environment : null);

        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void ResolveDataDirectory_EmptyFlag_IsUsageError()
    {
        var error = Assert.Throws<CliException>(() => CliStore.ResolveDataDirectory(" ", _ => "/srv/env"));

        Assert.Equal(CliApp.UsageError, error.ExitCode);
        Assert.Contains("--data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveDataDirectory_EmptyEnvironmentVariable_FailsNamingIt()
    {
        var error = Assert.Throws<CliException>(() => CliStore.ResolveDataDirectory(null, _ => ""));

        Assert.Equal(1, error.ExitCode);
        Assert.Contains("ChangeBot__DataDirectory", error.Message, StringComparison.Ordinal);
    }
}
