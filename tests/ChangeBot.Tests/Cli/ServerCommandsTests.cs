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

        Assert.Equal((0, ""), (import.Exit, import.Err));
        Assert.Equal("created   db-upgrade (revision 1)\n", import.Out.ReplaceLineEndings("\n"));
        foreach (var run in new[] { publish, update, reschedule, readiness, cancel })
        {
            Assert.True(run.Exit == 0, run.Err);
            Assert.NotEmpty(run.Out.Trim());
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

        Assert.Equal(0, publish.Exit);
        using var message = JsonDocument.Parse(publish.Out);
        Assert.False(string.IsNullOrWhiteSpace(message.RootElement.GetProperty("message").GetString()));
        Assert.Equal(0, readiness.Exit);
        using var rows = JsonDocument.Parse(readiness.Out);
        Assert.Equal(JsonValueKind.Array, rows.RootElement.ValueKind);
    }

    [Fact]
    public async Task Cancel_UnknownNotice_Exits1WithTheServersWords()
    {
        var cancel = await RunAsync("notices", "cancel", "no-such-notice");

        Assert.Equal(1, cancel.Exit);
        Assert.Equal("", cancel.Out);
        Assert.Single(Lines(cancel.Err));
        Assert.Contains("There is no notice 'no-such-notice'", cancel.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WrongToken_Exits1NamingTheTokenSettings()
    {
        var publish = await CliRunner.RunAsync("notices", "publish", "db-upgrade", "--server", _server, "--token", "not-a-valid-token-0000");

        Assert.Equal(1, publish.Exit);
        Assert.Equal([$"The server at {_server}/ refused the token: give one of its ChangeBot:ApiTokens with --token or CHANGEBOT_TOKEN."], Lines(publish.Err));
    }

    [Fact]
    public async Task Readiness_NothingListening_Exits2SayingTheServerIsNotReachable()
    {
        var url = $"http://127.0.0.1:{ChangeBot.Testing.Hosting.ServerProcess.FreePort()}";

        var readiness = await CliRunner.RunAsync("readiness", "db-upgrade", "--server", url, "--token", ApiClient.Token);

        Assert.Equal(2, readiness.Exit);
        Assert.Equal([$"The ChangeBot server is not reachable at {url}/: nothing answered there (is the server running, and is the URL right?)."], Lines(readiness.Err));
    }

    [Fact]
    public async Task Import_WithServer_OneBadFile_SendsNothing()
    {
        TestNotices.Write(_files, "good-notice");
        await File.WriteAllTextAsync(_files.File("bad.md"), "---\nid: Bad_Id\ntitle: Broken\n---\nbody\n", Ct);

        var import = await RunAsync("notices", "import", _files.Path);

        Assert.Equal(1, import.Exit);
        Assert.Contains($"{_files.File("bad.md")}:2:", import.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent to the server: 1 problem(s).", import.Err, StringComparison.Ordinal);
        Assert.Null(await Store.GetNoticeAsync("good-notice", Ct));
    }

    [Fact]
    public async Task Publish_WithoutServer_IsUsageErrorNamingServerOption()
    {
        var publish = await CliRunner.RunAsync("notices", "publish", "db-upgrade");

        Assert.Equal(64, publish.Exit);
        Assert.Contains("--server", publish.Err, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _files.Dispose();
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--server", _server, "--token", ApiClient.Token]);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
