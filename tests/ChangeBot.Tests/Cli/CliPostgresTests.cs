using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Postgres;

namespace ChangeBot.Tests.Cli;

/// <summary>With <c>ChangeBot:Storage=Postgres</c> the CLI reads and writes the database the servers share (migrating
/// it as a server would), not a LiteDB file of its own.</summary>
public sealed class CliPostgresTests : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private readonly TempDirectory _files = new();
    private ScratchDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await ScratchDatabase.OnTestServerAsync(Ct);
    }

    [Fact]
    public async Task ImportThenList_OnPostgres_StoreInTheDatabaseAndWriteNoLiteDbFile()
    {
        var environment = new Dictionary<string, string>
        {
            ["ChangeBot__Storage"] = "Postgres",
            ["ConnectionStrings__Postgres"] = _database!.ConnectionString,
        };

        var import = await CliProcess.RunAsync(_work.Path, environment, "notices", "import", TestNotices.Write(_files, "db-upgrade"));
        var list = await CliProcess.RunAsync(_work.Path, environment, "notices", "list");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("created   db-upgrade (revision 1)", import.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("db-upgrade", list.Output, StringComparison.Ordinal);
        await using var store = new PostgresChangeBotStore(_database.ConnectionString);
        Assert.Equal("Database upgrade db-upgrade", (await store.GetNoticeAsync("db-upgrade", Ct))?.Title);
        Assert.Empty(Directory.GetFileSystemEntries(_work.Path));
    }

    public ValueTask DisposeAsync()
    {
        _database?.Dispose();
        _work.Dispose();
        _files.Dispose();
        return ValueTask.CompletedTask;
    }
}
