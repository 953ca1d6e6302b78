using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.Docs;

/// <summary>The command docs/install-teams.md gives builds the package it describes, and refuses what it says it refuses.</summary>
public sealed class InstallTeamsGuideTests
{
    private const string AppId = "00000000-0000-0000-0000-000000000000";

    [Fact]
    public async Task PackageScript_AsTheGuideRunsIt_BuildsTheAppPackage()
    {
        Assert.Contains($"manifests/teams/package.sh {AppId}", GuideFile.Read("install-teams.md").Text, StringComparison.Ordinal);
        Prerequisite.Require(Prerequisite.FindOnPath("zip") is not null, "manifests/teams/package.sh needs zip (apt-get install zip)");
        using var temp = new TempDirectory();
        var output = temp.File("changebot-teams.zip");

        var (exit, _) = await RunAsync(AppId, output);

        Assert.Equal(0, exit);
        using var zip = ZipFile.OpenRead(output);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        await using var manifest = zip.GetEntry("manifest.json")!.Open();
        using var json = await JsonDocument.ParseAsync(manifest, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(AppId, json.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());
    }

    [Fact]
    public async Task PackageScript_RefusesAnAppIdThatIsNotAGuid()
    {
        using var temp = new TempDirectory();

        var (exit, error) = await RunAsync("my-bot", temp.File("x.zip"));

        Assert.Equal(64, exit);
        Assert.Contains("GUID", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("x.zip")));
    }

    private static async Task<(int Exit, string Error)> RunAsync(string appId, string output)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "manifests", "teams", "package.sh"));
        start.ArgumentList.Add(appId);
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await error);
    }
}
