using ChangeBot.Cli;
using ChangeBot.Tests.Cli;

namespace ChangeBot.Tests.Checks;

public sealed class ChainFileCommandTests : IDisposable
{
    private static readonly string SampleChain = Path.Combine(RepositoryRoot.SampleNotices, "apisb-fullrootchain-new.pem");
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task ChainFile_SampleChain_JudgedOfflineWithPlatforms()
    {
        var run = await CliRun.RunAsync("check", "--chain-file", SampleChain, "--json");

        Assert.Equal(1, run.ExitCode); // problems: the G5 is distrusted and the G4 has expired
        Assert.Contains("distrusted-root", run.Codes);
        Assert.Equal(SampleChain, run.Json.GetProperty("target").GetString());
        var platforms = run.Json.GetProperty("platforms").EnumerateArray().ToList();
        Assert.Equal(5, platforms.Count);
        var mozilla = platforms.Single(p => p.GetProperty("store").GetString() == "mozilla");
        Assert.Equal(("distrusted", "2018-10-23", "2022-04-26"),
            (mozilla.GetProperty("verdict").GetString(), mozilla.GetProperty("distrustedSince").GetString(), mozilla.GetProperty("snapshotDate").GetString()));
    }

    [Theory]
    [InlineData("not a chain", "not a certificate")]
    [InlineData("", "the file is empty")]
    public async Task ChainFile_BadFile_IsAUsageError(string content, string expected)
    {
        var path = _dir.File("chain.pem");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("check", "--chain-file", path);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task ChainFile_HundredCertificates_IsAUsageError()
    {
        var path = _dir.File("many.pem");
        var one = string.Concat(File.ReadAllText(SampleChain).Split("-----BEGIN CERTIFICATE-----").Skip(1).Take(1).Select(b => "-----BEGIN CERTIFICATE-----" + b));
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat(one, 100)), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("check", "--chain-file", path);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("holds 100 certificates; a chain file may hold at most 10", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTargetAndNoChainFile_IsAUsageError()
    {
        var run = await CliRun.RunAsync("check");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("Give the endpoint to check, or --chain-file FILE.", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
