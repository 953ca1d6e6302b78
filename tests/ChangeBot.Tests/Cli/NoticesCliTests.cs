namespace ChangeBot.Tests.Cli;

public sealed class NoticesCliTests
{
    [Fact]
    public async Task Import_TheSampleFolder_StoresItAndListAndShowPrintIt()
    {
        using var data = new TempDirectory();

        var import = await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);
        var again = await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);
        var list = await CliRun.RunAsync("notices", "list", "--data", data.Path);
        var show = await CliRun.RunAsync("notices", "show", "api-sandbox-tls-certificate", "--data", data.Path);

        Assert.Equal(0, import.ExitCode);
        // The sample announces the VeriSign G5 root, which Mozilla and Debian distrust: imported, with a warning.
        Assert.StartsWith("warning: api-sandbox-tls-certificate: the notice announces 'VeriSign Class 3 Public Primary Certification Authority - G5'",
            import.Error, StringComparison.Ordinal);
        Assert.Contains("created   api-sandbox-tls-certificate (revision 1)", import.Output, StringComparison.Ordinal);
        Assert.Contains("unchanged api-sandbox-tls-certificate (revision 1)", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("api-sandbox-tls-certificate", list.Output, StringComparison.Ordinal);
        Assert.Contains("draft", list.Output, StringComparison.Ordinal);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("Tue 6 Dec 2016 15:00 UTC (07:00 America/Los_Angeles)", show.Output, StringComparison.Ordinal);
        Assert.Contains("VeriSign Class 3 Public Primary Certification Authority - G5", show.Output, StringComparison.Ordinal);
        Assert.Contains("No change is needed for Salesforce", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_IsAuditedUnderTheOperatingSystemAccount_AndAnUnchangedRepeatIsNot()
    {
        using var data = new TempDirectory();

        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        using var store = new ChangeBot.Storage.LiteDb.LiteDbChangeBotStore(Path.Combine(data.Path, ChangeBot.Storage.LiteDb.LiteDbChangeBotStore.FileName));
        var audit = await store.ListAuditAsync(100, TestContext.Current.CancellationToken);
        var entry = Assert.Single(audit, a => a.NoticeId == "api-sandbox-tls-certificate");
        Assert.Equal(("import", "cli", "cli:" + Environment.UserName, "Created revision 1"), (entry.Action, entry.Surface, entry.Actor, entry.Details));
    }

    [Fact]
    public async Task Import_OneBadFileAmongGoodOnes_Exits1NamingFileAndLineAndStoresNothing()
    {
        using var data = new TempDirectory();
        using var files = new TempDirectory();
        File.Copy(Path.Combine(RepositoryRoot.SampleNotices, "api-sandbox-tls-certificate.md"), files.File("good.md"));
        File.Copy(Path.Combine(RepositoryRoot.SampleNotices, "apisb-fullrootchain-new.pem"), files.File("apisb-fullrootchain-new.pem"));
        await File.WriteAllTextAsync(files.File("bad.md"), "---\nid: Bad_Id\ntitle: Broken\n---\nbody\n", TestContext.Current.CancellationToken);

        var import = await CliRun.RunAsync("notices", "import", files.Path, "--data", data.Path);
        var list = await CliRun.RunAsync("notices", "list", "--data", data.Path);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains($"{files.File("bad.md")}:2:", import.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", import.Error, StringComparison.Ordinal);
        Assert.Contains("No notices", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_Exits1()
    {
        using var data = new TempDirectory();

        var show = await CliRun.RunAsync("notices", "show", "nope", "--data", data.Path);

        Assert.Equal(1, show.ExitCode);
        Assert.Contains("There is no notice 'nope'", show.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notices", "import")]
    [InlineData("notices", "frobnicate")]
    [InlineData("notices", "list", "--data")]
    public async Task UsageErrors_Exit64(params string[] args)
    {
        var result = await CliRun.RunAsync(args);

        Assert.Equal(64, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }
}
