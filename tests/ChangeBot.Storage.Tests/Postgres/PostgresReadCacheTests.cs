using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Storage.Postgres;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The notice reads kept in memory under their change stamps (PostgresChangeBotStore.ReadCache.cs,
/// Migrations/0009_notice_change_stamps.sql): served again while nothing changed, and dropped by any write to the
/// rows, including one made without the store (an instance of an older build during a rolling update, an operator).</summary>
public sealed class PostgresReadCacheTests : IAsyncLifetime
{
    private ScratchDatabase? _database;
    private PostgresChangeBotStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresChangeBotStore Store => _store!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _store = new PostgresChangeBotStore(_database.ConnectionString);
    }

    [Fact]
    public async Task ListDeliveries_NonePendingAndNothingWritten_ServesTheKeptList()
    {
        await Store.TryReserveDeliveriesAsync([Samples.Delivery("n1") with { Status = DeliveryStatus.Sent }], Ct);

        var first = await Store.ListDeliveriesAsync("n1", Ct);

        Assert.Same(first, await Store.ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task ListDeliveries_SomePending_ReadsTheRowsEachTime()
    {
        await Store.TryReserveDeliveriesAsync([Samples.Delivery("n1") with { Status = DeliveryStatus.Sent }, Samples.Delivery("n1", "slack:T1:C2")], Ct);

        var first = await Store.ListDeliveriesAsync("n1", Ct);

        Assert.NotSame(first, await Store.ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task ListAcknowledgements_NothingWritten_ServesTheKeptList()
    {
        await Store.AddAcknowledgementAsync(new("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0), Ct);

        var first = await Store.ListAcknowledgementsAsync("n1", Ct);

        Assert.Same(first, await Store.ListAcknowledgementsAsync("n1", Ct));
    }

    [Fact]
    public async Task Lists_RowsChangedWithoutTheStore_NextReadShowsTheChange()
    {
        var sent = Samples.Delivery("n1") with { Status = DeliveryStatus.Sent };
        await Store.TryReserveDeliveriesAsync([sent], Ct);
        await Store.AddAcknowledgementAsync(new("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0), Ct);
        await Store.ListDeliveriesAsync("n1", Ct);
        await Store.ListAcknowledgementsAsync("n1", Ct);

        await ExecuteAsync("""UPDATE deliveries SET doc = doc || '{"error": "by hand"}'::jsonb""");
        await ExecuteAsync("UPDATE acknowledgements SET doc = jsonb_set(doc, '{userId}', '\"U2\"')");

        Assert.Equal("by hand", Assert.Single(await Store.ListDeliveriesAsync("n1", Ct)).Error);
        Assert.Equal("U2", Assert.Single(await Store.ListAcknowledgementsAsync("n1", Ct)).UserId);

        await ExecuteAsync("DELETE FROM deliveries");
        await ExecuteAsync("DELETE FROM acknowledgements");

        Assert.Empty(await Store.ListDeliveriesAsync("n1", Ct));
        Assert.Empty(await Store.ListAcknowledgementsAsync("n1", Ct));
    }

    [Fact]
    public async Task Lists_WriteOfAnotherInstanceDuringTheRead_NextReadShowsIt()
    {
        await using var other = new PostgresChangeBotStore(_database!.ConnectionString);
        var sent = Samples.Delivery("n1") with { Status = DeliveryStatus.Sent };
        var failed = sent with { Status = DeliveryStatus.Failed, Error = "gave up" };
        var answer = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0);
        await Store.TryReserveDeliveriesAsync([sent], Ct);

        Store.BetweenStampAndRows = () => other.UpdateDeliveryAsync(failed, Ct);
        await Store.ListDeliveriesAsync("n1", Ct);
        Store.BetweenStampAndRows = () => other.AddAcknowledgementAsync(answer, Ct);
        await Store.ListAcknowledgementsAsync("n1", Ct);
        Store.BetweenStampAndRows = null;

        AssertSame(failed, Assert.Single(await Store.ListDeliveriesAsync("n1", Ct)));
        AssertSame(answer, Assert.Single(await Store.ListAcknowledgementsAsync("n1", Ct)));
        await other.UpdateDeliveryAsync(sent, Ct);
        AssertSame(sent, Assert.Single(await Store.ListDeliveriesAsync("n1", Ct)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _database?.Dispose();
    }

    private static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(StoreJson.Serialize(expected), StoreJson.Serialize(actual));

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_database!.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
