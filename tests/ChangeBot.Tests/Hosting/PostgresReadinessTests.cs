using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChangeBot.Tests.Hosting;

/// <summary>The server on <c>ChangeBot:Storage=Postgres</c>: the schema is created at start-up, also when several
/// instances start on an empty database at once, and /readyz reports the store and Hangfire's storage.</summary>
public sealed class PostgresReadinessTests : IAsyncLifetime
{
    private ScratchDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await ScratchDatabase.OnTestServerAsync(Ct);
    }

    [Fact]
    public async Task Readyz_OnPostgres_Returns200WithStoreAndJobStorageReachable()
    {
        await using var app = PostgresApp();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/readyz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(body.GetProperty("store").GetBoolean());
        Assert.True(body.GetProperty("jobStorage").GetBoolean());
        Assert.IsType<PostgresChangeBotStore>(app.Services.GetRequiredService<IChangeBotStore>());
        Assert.Equal(PostgresMigrator.All.Select(m => m.Version), await QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.NotEmpty(await QueryAsync<int>("SELECT version FROM hangfire.schema"));
    }

    [Fact]
    public async Task Start_TwoInstancesAtOnceOnEmptyDatabase_BothReadyAndSchemaMigratedOnce()
    {
        await using var first = PostgresApp();
        await using var second = PostgresApp();

        // Creating a client starts that instance's host: migrations, Hangfire's tables, its job server.
        var clients = await Task.WhenAll(Task.Run(first.CreateClient, Ct), Task.Run(second.CreateClient, Ct));

        foreach (var client in clients)
        {
            using (client)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", Ct)).StatusCode);
            }
        }

        Assert.Equal(PostgresMigrator.All.Count, (await QueryAsync<long>("SELECT count(*) FROM schema_migrations"))[0]);
    }

    [Fact]
    public async Task Conversation_StoredThroughOneInstance_IsUsedByAnother()
    {
        await using var first = PostgresApp();
        await using var second = PostgresApp();
        var reference = new Core.Subscriptions.ConversationReference(
            new Core.Subscriptions.ConversationAddress(Core.Subscriptions.Platforms.Teams, "tenant-1", "19:general@thread.tacv2"),
            "General", """{"serviceUrl":"https://smba.example/amer/"}""", DateTimeOffset.UnixEpoch);

        await first.Services.GetRequiredService<IConversationStore>().UpsertConversationAsync(reference, Ct);

        Assert.Equal(reference, await second.Services.GetRequiredService<IConversationStore>().GetConversationAsync(reference.Address.Key, Ct));
    }

    public ValueTask DisposeAsync()
    {
        _database?.Dispose();
        return ValueTask.CompletedTask;
    }

    private ChangeBotApp PostgresApp() => new(new Dictionary<string, string?>
    {
        ["ChangeBot:Storage"] = "Postgres",
        ["ConnectionStrings:Postgres"] = _database!.ConnectionString,
    });

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_database!.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}
