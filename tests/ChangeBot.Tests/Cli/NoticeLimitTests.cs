using System.Net;
using System.Text;
using ChangeBot.Core.Notices;
using ChangeBot.Tests.Api;

namespace ChangeBot.Tests.Cli;

/// <summary>One size limit for a notice, whichever way it comes in: the CLI's file import and the REST API accept
/// and refuse the same files.</summary>
public sealed class NoticeLimitTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_NoticeOverTheLimit_RefusedByCliAndRestAlike()
    {
        var file = WriteNoticeOfSize("too-big", NoticeLimits.MaxNoticeBytes + 1);

        var cli = await CliRun.RunAsync("notices", "import", file, "--data", _data.Path);
        var rest = await PostAsync(file);

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains($"{file}: the file is 262145 bytes; a notice may be at most 256 KiB (262144 bytes)", cli.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rest);
    }

    [Fact]
    public async Task Import_NoticeAtTheLimit_AcceptedByCliAndRestAlike()
    {
        var file = WriteNoticeOfSize("just-fits", NoticeLimits.MaxNoticeBytes);

        var cli = await CliRun.RunAsync("notices", "import", file, "--data", _data.Path);
        var rest = await PostAsync(file);

        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Equal(HttpStatusCode.Created, rest);
    }

    [Fact]
    public async Task Import_TwoMegabyteNotice_IsRefusedByTheCli()
    {
        var file = WriteNoticeOfSize("two-megabytes", 2 * 1024 * 1024);

        var cli = await CliRun.RunAsync("notices", "import", file, "--data", _data.Path);
        var list = await CliRun.RunAsync("notices", "list", "--data", _data.Path);

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("a notice may be at most 256 KiB", cli.Error, StringComparison.Ordinal);
        Assert.Contains("No notices", list.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _data.Dispose();
        _files.Dispose();
    }

    private static async Task<HttpStatusCode> PostAsync(string file)
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        using var body = new StringContent(await File.ReadAllTextAsync(file, Ct), Encoding.UTF8, "text/markdown");
        using var response = await client.PostAsync("/api/v1/notices", body, Ct);
        return response.StatusCode;
    }

    /// <summary>A valid notice padded with body text to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    private string WriteNoticeOfSize(string id, int bytes)
    {
        var notice = TestNotices.Valid(id, "");
        var padding = bytes - Encoding.UTF8.GetByteCount(notice);
        var path = _files.File(id + ".md");
        File.WriteAllText(path, notice + new string('x', padding), new UTF8Encoding(false));
        Assert.Equal(bytes, new FileInfo(path).Length);
        return path;
    }
}
