using System.Net;
using System.Text.Json;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Cli;

/// <summary>
/// <c>notices publish|update|reschedule|cancel</c>, <c>readiness</c> and <c>notices import --server</c> against
/// the real server pipeline listening on loopback, with its REST API's bearer tokens.
/// </summary>
public sealed class ServerCommandsTests : IAsyncDisposable
{
    private readonly ChangeBotApp _app = ApiClient.App();
    private readonly TempDirectory _files = new();
    private readonly string _server;

    public ServerCommandsTests()
    {
        _app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        _server = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private INoticeStore Store => _app.Services.GetRequiredService<INoticeStore>();

    [Fact]
    public async Task ImportPublishUpdateRescheduleCancel_ThroughTheServer_ChangeTheNoticeThere()
    {
        var import = await RunAsync("notices", "import", TestNotices.Write(_files, "db-upgrade"));
        var publish = await RunAsync("notices", "publish", "db-upgrade");
        var update = await RunAsync("notices", "update", "db-upgrade", "The window is confirmed.");
        var reschedule = await RunAsync("notices", "reschedule", "db-upgrade", "2031-03-01 18:00");
        var readiness = await RunAsync("readiness", "db-upgrade");
        var cancel = await RunAsync("notices", "cancel", "db-upgrade");

        Assert.Equal((0, ""), (import.ExitCode, import.Error));
        Assert.Equal("created   db-upgrade (revision 1)\n", import.Output.ReplaceLineEndings("\n"));
        foreach (var run in new[] { publish, update, reschedule, readiness, cancel })
        {
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.NotEmpty(run.Output.Trim());
        }

        var notice = await Store.GetNoticeAsync("db-upgrade", Ct);
        Assert.Equal(NoticeState.Cancelled, notice!.State);
        Assert.Equal(DateTimeOffset.Parse("2031-03-01T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture), notice.ActionDeadline);
    }

    [Fact]
    public async Task PublishAndReadiness_WithJson_PrintTheServersJson()
    {
        await RunAsync("notices", "import", TestNotices.Write(_files, "db-upgrade"));

        var publish = await RunAsync("notices", "publish", "db-upgrade", "--json");
        var readiness = await RunAsync("readiness", "db-upgrade", "--json");

        Assert.Equal(0, publish.ExitCode);
        using var message = JsonDocument.Parse(publish.Output);
        Assert.False(string.IsNullOrWhiteSpace(message.RootElement.GetProperty("message").GetString()));
        Assert.Equal(0, readiness.ExitCode);
        using var rows = JsonDocument.Parse(readiness.Output);
        Assert.Equal(JsonValueKind.Array, rows.RootElement.ValueKind);
    }

    [Fact]
    public async Task Cancel_UnknownNotice_Exits1WithTheServersWords()
    {
        var cancel = await RunAsync("notices", "cancel", "no-such-notice");

        Assert.Equal(1, cancel.ExitCode);
        Assert.Equal("", cancel.Output);
        Assert.Single(Lines(cancel.Error));
        Assert.Contains("There is no notice 'no-such-notice'", cancel.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WrongToken_Exits1NamingTheTokenSettings()
    {
        var publish = await CliRun.RunAsync("notices", "publish", "db-upgrade", "--server", _server, "--token", "not-a-valid-token-0000");

        Assert.Equal(1, publish.ExitCode);
        Assert.Equal([$"The server at {_server}/ refused the token: give one of its ChangeBot:ApiTokens with --token or CHANGEBOT_TOKEN."], Lines(publish.Error));
    }

    [Fact]
    public async Task Readiness_NothingListening_Exits2SayingTheServerIsNotReachable()
    {
        var url = $"http://127.0.0.1:{ChangeBot.Testing.Hosting.ServerProcess.FreePort()}";

        var readiness = await CliRun.RunAsync("readiness", "db-upgrade", "--server", url, "--token", ApiClient.Token);

        Assert.Equal(2, readiness.ExitCode);
        Assert.Equal([$"The ChangeBot server is not reachable at {url}/: nothing answered there (is the server running, and is the URL right?)."], Lines(readiness.Error));
    }

    [Fact]
    public async Task Import_WithServer_OneBadFile_SendsNothing()
    {
        TestNotices.Write(_files, "good-notice");
        await File.WriteAllTextAsync(_files.File("bad.md"), "---\nid: Bad_Id\ntitle: Broken\n---\nbody\n", Ct);

        var import = await RunAsync("notices", "import", _files.Path);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains($"{_files.File("bad.md")}:2:", import.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent to the server: 1 problem(s).", import.Error, StringComparison.Ordinal);
        Assert.Null(await Store.GetNoticeAsync("good-notice", Ct));
    }

    [Fact]
    public async Task Publish_WithoutServer_IsUsageErrorNamingServerOption()
    {
        var publish = await CliRun.RunAsync("notices", "publish", "db-upgrade");

        Assert.Equal(64, publish.ExitCode);
        Assert.Contains("--server", publish.Error, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _files.Dispose();
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--server", _server, "--token", ApiClient.Token]);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
