using System.Net;
using System.Text;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.Hosting;

namespace ChangeBot.Tests.Cli;

/// <summary>The CLI opens the embedded store as the server does; while a server holds it, reading still works
/// and changes are sent to the server.</summary>
public sealed class CliStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListShowAsk_WhileServerHoldsTheStore_ReadWhatTheServerStored()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var created = await client.PostAsync("/api/v1/notices", new StringContent(TestNotices.Valid("db-upgrade"), Encoding.UTF8, "text/markdown"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await CliRun.RunAsync("notices", "list", "--data", app.DataDirectory);
        var show = await CliRun.RunAsync("notices", "show", "db-upgrade", "--data", app.DataDirectory);
        var ask = await CliRun.RunAsync("ask", "is there downtime?", "--notice", "db-upgrade", "--data", app.DataDirectory);

        Assert.Equal((0, ""), (list.ExitCode, list.Error));
        Assert.Contains("db-upgrade", list.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (show.ExitCode, show.Error));
        Assert.Contains("Database upgrade db-upgrade", show.Output, StringComparison.Ordinal);
        Assert.Equal(0, ask.ExitCode);
        Assert.Contains("(from \"Database upgrade db-upgrade\", db-upgrade)", ask.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WhileServerHoldsTheStore_Exits1SayingToGoThroughTheServer()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();
        using var files = new TempDirectory();

        var import = await CliRun.RunAsync("notices", "import", TestNotices.Write(files, "db-upgrade"), "--data", app.DataDirectory);

        Assert.Equal(1, import.ExitCode);
        Assert.Equal(
            $"The data directory {app.DataDirectory} is in use by a running ChangeBot server; make changes through it: " +
            "add --server URL and --token TOKEN (or set CHANGEBOT_SERVER and CHANGEBOT_TOKEN).\n",
            import.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Import_FreeDirectory_CreatesTheStoreThereAndListReadsIt()
    {
        using var data = new TempDirectory();
        using var files = new TempDirectory();
        var folder = Path.Combine(data.Path, "fresh");

        var import = await CliRun.RunAsync("notices", "import", TestNotices.Write(files, "db-upgrade"), "--data", folder);
        var list = await CliRun.RunAsync("notices", "list", "--data", folder);

        Assert.Equal((0, ""), (import.ExitCode, import.Error));
        Assert.True(File.Exists(Path.Combine(folder, "changebot.db")));
        Assert.Contains("db-upgrade", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithJson_PrintsWhatTheRestApiWouldAnswer()
    {
        using var data = new TempDirectory();
        using var files = new TempDirectory();

        var import = await CliRun.RunAsync("notices", "import", TestNotices.Write(files, "db-upgrade"), "--data", data.Path, "--json");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal("{\"notices\":[{\"id\":\"db-upgrade\",\"outcome\":\"created\",\"revision\":1}]}", import.Output.Trim());
    }

    [Fact]
    public async Task List_EmptyDataOption_IsUsageError()
    {
        var list = await CliRun.RunAsync("notices", "list", "--data", " ");

        Assert.Equal(64, list.ExitCode);
        Assert.Contains("--data is empty", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DataOptionBeatsTheEnvironmentVariable_AsCommandLineSettingsDo()
    {
        using var work = new TempDirectory();
        using var files = new TempDirectory();
        var environment = new Dictionary<string, string> { ["ChangeBot__DataDirectory"] = work.File("from-environment") };

        var fromEnvironment = await CliProcess.RunAsync(work.Path, environment, "notices", "import", TestNotices.Write(files, "first-notice"));
        var fromOption = await CliProcess.RunAsync(work.Path, environment, "notices", "import", TestNotices.Write(files, "second-notice"), "--data", "from-option");

        Assert.Equal((0, 0), (fromEnvironment.ExitCode, fromOption.ExitCode));
        Assert.True(File.Exists(work.File("from-environment/changebot.db")));
        Assert.True(File.Exists(work.File("from-option/changebot.db")));
    }
}
