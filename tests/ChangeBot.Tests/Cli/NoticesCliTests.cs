namespace ChangeBot.Tests.Cli;

public sealed class NoticesCliTests
{
    [Fact]
    public async Task Import_TheSampleFolder_StoresItAndListAndShowPrintIt()
    {
        using var data = new TempDirectory();

        var import = await CliRunner.RunAsync("notices", "import", CliRunner.SampleNotices, "--data", data.Path);
        var again = await CliRunner.RunAsync("notices", "import", CliRunner.SampleNotices, "--data", data.Path);
        var list = await CliRunner.RunAsync("notices", "list", "--data", data.Path);
        var show = await CliRunner.RunAsync("notices", "show", "api-sandbox-tls-certificate", "--data", data.Path);

        Assert.Equal(0, import.Exit);
        // The sample announces the VeriSign G5 root, which Mozilla and Debian distrust: imported, with a warning.
        Assert.StartsWith("warning: api-sandbox-tls-certificate: the notice announces 'VeriSign Class 3 Public Primary Certification Authority - G5'",
            import.Err, StringComparison.Ordinal);
        Assert.Contains("created   api-sandbox-tls-certificate (revision 1)", import.Out, StringComparison.Ordinal);
        Assert.Contains("unchanged api-sandbox-tls-certificate (revision 1)", again.Out, StringComparison.Ordinal);
        Assert.Equal(0, list.Exit);
        Assert.Contains("api-sandbox-tls-certificate", list.Out, StringComparison.Ordinal);
        Assert.Contains("draft", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, show.Exit);
        Assert.Contains("Tue 6 Dec 2016 15:00 UTC (07:00 America/Los_Angeles)", show.Out, StringComparison.Ordinal);
        Assert.Contains("VeriSign Class 3 Public Primary Certification Authority - G5", show.Out, StringComparison.Ordinal);
        Assert.Contains("No change is needed for Salesforce", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_IsAuditedUnderTheOperatingSystemAccount_AndAnUnchangedRepeatIsNot()
    {
        using var data = new TempDirectory();

        await CliRunner.RunAsync("notices", "import", CliRunner.SampleNotices, "--data", data.Path);
        await CliRunner.RunAsync("notices", "import", CliRunner.SampleNotices, "--data", data.Path);

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
        File.Copy(Path.Combine(CliRunner.SampleNotices, "api-sandbox-tls-certificate.md"), files.File("good.md"));
        File.Copy(Path.Combine(CliRunner.SampleNotices, "apisb-fullrootchain-new.pem"), files.File("apisb-fullrootchain-new.pem"));
        await File.WriteAllTextAsync(files.File("bad.md"), "---\nid: Bad_Id\ntitle: Broken\n---\nbody\n", TestContext.Current.CancellationToken);

        var import = await CliRunner.RunAsync("notices", "import", files.Path, "--data", data.Path);
        var list = await CliRunner.RunAsync("notices", "list", "--data", data.Path);

        Assert.Equal(1, import.Exit);
        Assert.Contains($"{files.File("bad.md")}:2:", import.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", import.Err, StringComparison.Ordinal);
        Assert.Contains("No notices", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_Exits1()
    {
        using var data = new TempDirectory();

        var show = await CliRunner.RunAsync("notices", "show", "nope", "--data", data.Path);

        Assert.Equal(1, show.Exit);
        Assert.Contains("There is no notice 'nope'", show.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notices", "import")]
    [InlineData("notices", "frobnicate")]
    [InlineData("notices", "list", "--data")]
    public async Task UsageErrors_Exit64(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(64, result.Exit);
        Assert.NotEmpty(result.Err);
    }
}
