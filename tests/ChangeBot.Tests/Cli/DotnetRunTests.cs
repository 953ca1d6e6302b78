using System.Diagnostics;

namespace ChangeBot.Tests.Cli;

/// <summary><c>dotnet run --project src/ChangeBot -- …</c> works in the caller's folder: relative paths given to
/// commands, and the default <c>./data</c>, are the caller's, as with the installed executable.</summary>
public sealed class DotnetRunTests : IDisposable
{
    private readonly TempDirectory _caller = new();

    [Fact]
    public async Task NoticesImport_RelativePathUnderDotnetRun_ReadsFromAndStoresInTheCallersFolder()
    {
        var notices = Path.Combine(_caller.Path, "manifests", "notices");
        Directory.CreateDirectory(notices);
        await File.WriteAllTextAsync(Path.Combine(notices, "db-upgrade.md"), TestNotices.Valid("db-upgrade"), TestContext.Current.CancellationToken);
        var project = Path.Combine(RepositoryRoot.Path, "src", "ChangeBot");

        var run = await CliProcess.RunAsync("dotnet",
            ["run", "--project", project, "--no-build", "--configuration", BuildConfiguration(), "--", "notices", "import", "manifests/notices"],
            _caller.Path, new Dictionary<string, string>());

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains("created   db-upgrade (revision 1)", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_caller.Path, "data", "changebot.db")), "the store is not in the caller's ./data");
    }

    [Fact]
    public async Task GitIgnore_IgnoresTheDataFolderUnderTheProject()
    {
        var root = RepositoryRoot.Path;
        Prerequisite.Require(Path.Exists(Path.Combine(root, ".git")), "not a git checkout");

        var run = await CliProcess.RunAsync("git", ["check-ignore", "--quiet", "--no-index", "src/ChangeBot/data/changebot.db"], root, new Dictionary<string, string>());

        Assert.Equal(0, run.ExitCode);
    }

    public void Dispose() => _caller.Dispose();

    /// <summary>The configuration these tests were built in (bin/Debug/net10.0 → Debug), which built src/ChangeBot too.</summary>
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}
