using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.Postgres;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.Postgres;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>
/// What several server instances sharing one database do at once. Each "instance" is its own store with its own
/// connection pool, so racing calls arrive on separate connections and only the database can order them.
/// </summary>
public sealed class PostgresConcurrencyTests : IAsyncLifetime
{
    private readonly List<PostgresChangeBotStore> _instances = [];
    private ScratchDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    [Fact]
    public async Task TryReserveDelivery_EightInstancesRacingOnOneKey_OneReservesAndOneRowExists()
    {
        var instances = Instances(8);

        var results = await RaceAsync(8, i => instances[i].TryReserveDeliveryAsync(Samples.Delivery() with { Attempts = i }, Ct));

        Assert.Single(results, reserved => reserved);
        Assert.Equal([1L], await CountAsync("SELECT count(*) FROM deliveries"));
        var stored = await Instances(1)[0].GetDeliveryAsync(Samples.Delivery().Key, Ct);
        Assert.Equal(Array.IndexOf(results, true), stored!.Attempts);
    }

    [Fact]
    public async Task TryMarkEventProcessed_SameEventOnTwoInstancesAtOnce_ExactlyOneIsFirst()
    {
        var instances = Instances(2);

        var results = await RaceAsync(2, i => instances[i].TryMarkEventProcessedAsync("Ev0A1B2C3", Samples.T0, Ct));

        Assert.Single(results, first => first);
        Assert.False(await instances[0].TryMarkEventProcessedAsync("Ev0A1B2C3", Samples.T0, Ct));
        Assert.False(await instances[1].TryMarkEventProcessedAsync("Ev0A1B2C3", Samples.T0, Ct));
    }

    [Fact]
    public async Task UpdateNotice_EightInstancesRacingOnOneRevision_OneWins()
    {
        var instances = Instances(8);
        await instances[0].ImportNoticesAsync([Samples.Notice("n1")], Ct);

        var wins = await RaceAsync(8, i => instances[i].UpdateNoticeAsync(Samples.Notice("n1") with { Title = $"writer {i}" }, 1, Ct));

        Assert.Single(wins, won => won);
        Assert.Equal([1, 2], (await instances[0].GetRevisionsAsync("n1", Ct)).Select(n => n.Revision));
        Assert.Equal($"writer {Array.IndexOf(wins, true)}", (await instances[1].GetNoticeAsync("n1", Ct))!.Title);
    }

    [Fact]
    public async Task ImportNotices_SameNewNoticeOnTwoInstancesAtOnce_OneCreatesOtherSeesItUnchanged()
    {
        var instances = Instances(2);

        var results = await RaceAsync(2, i => instances[i].ImportNoticesAsync([Samples.Notice("fresh"), Samples.Notice($"only-{i}")], Ct));

        Assert.Equal([ImportOutcome.Created, ImportOutcome.Unchanged], results.Select(r => r[0].Outcome).Order());
        Assert.Equal(["fresh", "only-0", "only-1"], (await instances[0].ListNoticesAsync(Ct)).Select(n => n.Id));
        Assert.Single(await instances[1].GetRevisionsAsync("fresh", Ct));
    }

    [Fact]
    public async Task GetConversation_StoredByOneInstance_IsReadByAnother()
    {
        var instances = Instances(2);
        var reference = new Core.Subscriptions.ConversationReference(
            Samples.Address("19:abc@thread.tacv2", Core.Subscriptions.Platforms.Teams), "General", """{"serviceUrl":"https://smba.example/"}""", Samples.T0);

        await instances[0].UpsertConversationAsync(reference, Ct);

        Assert.Equal(reference, await instances[1].GetConversationAsync(reference.Address.Key, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _database?.Dispose();
    }

    private PostgresChangeBotStore[] Instances(int count)
    {
        var created = Enumerable.Range(0, count).Select(_ => new PostgresChangeBotStore(_database!.ConnectionString)).ToArray();
        _instances.AddRange(created);
        return created;
    }

    private Task<List<long>> CountAsync(string sql) => PostgresTestDatabase.QueryAsync<long>(_database!.ConnectionString, sql);

    private static Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> call) => Race.AtOnceAsync(count, call);
}
