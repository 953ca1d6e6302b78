using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Storage.Postgres;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The notice reads kept in memory and brought up to date incrementally (PostgresChangeBotStore.ReadCache.cs,
/// Migrations/0010_incremental_notice_reads.sql): served again while nothing changed, and given every write to the
/// rows, including one made without the store (an instance of an older build during a rolling update, an operator),
/// one committed late, and a removal.</summary>
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
    public async Task ListDeliveries_SomePendingAndNothingWritten_ServesTheKeptList()
    {
        await Store.TryReserveDeliveriesAsync([Samples.Delivery("n1") with { Status = DeliveryStatus.Sent }, Samples.Delivery("n1", "slack:T1:C2")], Ct);

        var first = await Store.ListDeliveriesAsync("n1", Ct);

        Assert.Same(first, await Store.ListDeliveriesAsync("n1", Ct));
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

        Store.BetweenKeptAndRows = () => other.UpdateDeliveryAsync(failed, Ct);
        await Store.ListDeliveriesAsync("n1", Ct);
        Store.BetweenKeptAndRows = () => other.AddAcknowledgementAsync(answer, Ct);
        await Store.ListAcknowledgementsAsync("n1", Ct);
        Store.BetweenKeptAndRows = null;

        AssertSame(failed, Assert.Single(await Store.ListDeliveriesAsync("n1", Ct)));
        AssertSame(answer, Assert.Single(await Store.ListAcknowledgementsAsync("n1", Ct)));
        await other.UpdateDeliveryAsync(sent, Ct);
        AssertSame(sent, Assert.Single(await Store.ListDeliveriesAsync("n1", Ct)));
    }

    [Fact]
    public async Task Lists_TransactionCommittingAfterALaterOneAndAfterARead_NextReadShowsItsRows()
    {
        await using var other = new PostgresChangeBotStore(_database!.ConnectionString);
        var pending = Samples.Delivery("n1");
        var first = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0);
        await Store.TryReserveDeliveriesAsync([pending, Samples.Delivery("n1", "slack:T1:C2")], Ct);
        await Store.AddAcknowledgementAsync(first, Ct);
        await Store.ListDeliveriesAsync("n1", Ct);
        await Store.ListAcknowledgementsAsync("n1", Ct);

        // A transaction writes first (its answer takes the lower seq, it the lower transaction id) and commits last.
        var late = first with { ChannelKey = "slack:T1:C2", At = Samples.T0.AddMinutes(1) };
        var sentLate = pending with { Status = DeliveryStatus.Sent, PlatformMessageId = "m1" };
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO acknowledgements (notice_id, channel_key, user_id, answer, at_ticks, doc) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(late.NoticeId);
            insert.Parameters.AddWithValue(late.ChannelKey);
            insert.Parameters.AddWithValue(late.UserId);
            insert.Parameters.AddWithValue(late.Answer.ToString());
            insert.Parameters.AddWithValue(late.At.UtcTicks);
            insert.Parameters.AddWithValue(StoreJson.Serialize(late));
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using (var update = new NpgsqlCommand("UPDATE deliveries SET status = 'Sent', doc = $2::jsonb WHERE key = $1", connection, transaction))
        {
            update.Parameters.AddWithValue(sentLate.Key);
            update.Parameters.AddWithValue(StoreJson.Serialize(sentLate));
            await update.ExecuteNonQueryAsync(Ct);
        }

        // A delivery written after it commits first (answers to one notice queue on its counter rows, 0007, so the
        // late answer cannot be overtaken by another to the same notice; the delivery can).
        var sentEarly = Samples.Delivery("n1", "slack:T1:C2") with { Status = DeliveryStatus.Sent, PlatformMessageId = "m2" };
        await other.UpdateDeliveryAsync(sentEarly, Ct);

        AssertSameAll([first], await Store.ListAcknowledgementsAsync("n1", Ct));
        AssertSameAll([pending, sentEarly], await Store.ListDeliveriesAsync("n1", Ct));

        await transaction.CommitAsync(Ct);

        AssertSameAll([first, late], await Store.ListAcknowledgementsAsync("n1", Ct));
        AssertSameAll([sentLate, sentEarly], await Store.ListDeliveriesAsync("n1", Ct));
        AssertSameAll([first, late], await Store.ListAcknowledgementsAsync("n1", Ct));
        AssertSameAll([sentLate, sentEarly], await Store.ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task Lists_OneRowDeletedOrMovedAfterARead_NextReadNoLongerHasIt()
    {
        var deliveries = new[] { Samples.Delivery("n1"), Samples.Delivery("n1", "slack:T1:C2"), Samples.Delivery("n1", "slack:T1:C3") };
        var answers = new[]
        {
            new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0),
            new Acknowledgement("n1", "slack:T1:C2", AckAnswer.Ready, "U1", Samples.T0),
            new Acknowledgement("n1", "slack:T1:C3", AckAnswer.Ready, "U1", Samples.T0),
        };
        await Store.TryReserveDeliveriesAsync(deliveries, Ct);
        foreach (var answer in answers)
        {
            await Store.AddAcknowledgementAsync(answer, Ct);
        }

        AssertSameAll(deliveries, await Store.ListDeliveriesAsync("n1", Ct));
        AssertSameAll(answers, await Store.ListAcknowledgementsAsync("n1", Ct));

        await ExecuteAsync($"DELETE FROM deliveries WHERE key = '{deliveries[1].Key}'");
        await ExecuteAsync("DELETE FROM acknowledgements WHERE channel_key = 'slack:T1:C2'");

        AssertSameAll([deliveries[0], deliveries[2]], await Store.ListDeliveriesAsync("n1", Ct));
        AssertSameAll([answers[0], answers[2]], await Store.ListAcknowledgementsAsync("n1", Ct));

        await ExecuteAsync($"UPDATE deliveries SET notice_id = 'n2' WHERE key = '{deliveries[2].Key}'");
        await ExecuteAsync("UPDATE acknowledgements SET notice_id = 'n2' WHERE channel_key = 'slack:T1:C3'");

        AssertSameAll([deliveries[0]], await Store.ListDeliveriesAsync("n1", Ct));
        AssertSameAll([answers[0]], await Store.ListAcknowledgementsAsync("n1", Ct));
        AssertSameAll([deliveries[0]], await Store.ListDeliveriesAsync("n1", Ct));
    }

    private static void AssertSameAll<T>(IEnumerable<T> expected, IEnumerable<T> actual) =>
        Assert.Equal(expected.Select(e => StoreJson.Serialize(e)), actual.Select(a => StoreJson.Serialize(a)));

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
