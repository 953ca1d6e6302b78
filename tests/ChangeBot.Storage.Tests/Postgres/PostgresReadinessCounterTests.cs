using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Storage.Postgres;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Storage.Tests.Postgres;

/// <summary>The readiness counters of Migrations/0007_readiness_counters.sql: back-filled for a database written
/// before them, and kept exact while several instances write at once.</summary>
public sealed class PostgresReadinessCounterTests : IAsyncLifetime
{
    private const int CountersVersion = 7;
    private readonly List<PostgresChangeBotStore> _instances = [];
    private ScratchDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(migrated: false);

    [Fact]
    public async Task Migrate_DatabaseWrittenBeforeCounters_BackFillsCountsOfEveryRow()
    {
        await MigrateBeforeCountersAsync();
        var store = Instances(1)[0];
        var t = Samples.T0;
        await store.TryReserveDeliveriesAsync(
        [
            Samples.Delivery("n1", "slack:T1:C1"), Samples.Delivery("n1", "slack:T1:C2"), Samples.Delivery("n1", "slack:T1:C3"),
            Samples.Delivery("n1", "slack:T1:C1") with { Revision = 2 },
            Samples.Delivery("n1", "slack:T1:C4", kind: DeliveryKind.Reminder, discriminator: "3d"),
            Samples.Delivery("n2", "slack:T1:C1"),
        ], Ct);
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C1", AckAnswer.NeedHelp, "U1", t), Ct);
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C1", AckAnswer.Ready, "U1", t.AddMinutes(1)), Ct);
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C2", AckAnswer.NotAffected, "U1", t.AddMinutes(2)), Ct);
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C2", AckAnswer.NeedHelp, "U2", t.AddMinutes(2)), Ct);
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C5", AckAnswer.Ready, "U1", t), Ct);
        await store.AddChannelCheckAsync(new("n1", "slack:T1:C6", "slack:U1", t, "api.example.com", CheckVerdict.Ok, []), Ct);

        // The counters' migration and any later ones.
        Assert.Equal(PostgresMigrator.All.Select(m => m.Version).Where(v => v >= CountersVersion), await MigrateAsync());

        var counts = await store.CountReadinessAsync(["n1", "n2", "n3"], Ct);
        Assert.Equal(new ReadinessCounts(Channels: 5, Ready: 2, NotAffected: 0, NeedHelp: 1, NoAnswer: 2), counts["n1"]);
        Assert.Equal(new ReadinessCounts(1, 0, 0, 0, 1), counts["n2"]);
        Assert.Equal(ReadinessCounts.None, counts["n3"]);

        // Writes after the migration move the back-filled counts.
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C3", AckAnswer.NotAffected, "U1", t), Ct);
        await store.AddAcknowledgementAsync(new("n1", "slack:T1:C2", AckAnswer.NeedHelp, "U1", t.AddMinutes(1)), Ct);
        Assert.Equal(await Readiness.CountAsync(store, "n1", Ct), (await store.CountReadinessAsync(["n1"], Ct))["n1"]);
        Assert.Equal(new ReadinessCounts(5, 2, 1, 1, 1), (await store.CountReadinessAsync(["n1"], Ct))["n1"]);
    }

    [Fact]
    public async Task CountReadiness_FourInstancesReservingAnsweringAndCheckingAtOnce_MatchesTheRows()
    {
        await MigrateAsync();
        var instances = Instances(4);
        const int Channels = 200;
        string Channel(int c) => $"slack:T1:C{c}";

        // Every instance reserves the same broadcast (as two fan-out workers would) while, channel after channel,
        // all four answer it at once at an instant that ties (the answer stored last counts), answer a channel the
        // broadcast does not reach, and check a third one now and then.
        var reserved = Race.AtOnceAsync(4, i => instances[i].TryReserveDeliveriesAsync(
            [.. Enumerable.Range(0, Channels).Select(c => Samples.Delivery("n1", Channel(c)))], Ct));
        for (var c = 0; c < Channels; c++)
        {
            var channel = c;
            await Race.AtOnceAsync(4, async i =>
            {
                var answer = (AckAnswer)((channel + i) % 3);
                await instances[i].AddAcknowledgementAsync(new("n1", Channel(channel), answer, $"U{i}", Samples.T0.AddSeconds(channel % 7)), Ct);
                await instances[i].AddAcknowledgementAsync(new("n1", Channel(channel + Channels), answer, $"U{i}", Samples.T0), Ct);
                if (channel % 5 == 0)
                {
                    await instances[i].AddChannelCheckAsync(new("n1", Channel(channel + (2 * Channels)), "slack:U1", Samples.T0.AddSeconds(i), "api.example.com", CheckVerdict.Ok, []), Ct);
                }

                return answer;
            });
        }

        Assert.Equal(Channels, (await reserved).Sum());
        var counts = (await instances[0].CountReadinessAsync(["n1"], Ct))["n1"];
        Assert.Equal((2 * Channels) + (Channels / 5), counts.Channels);
        Assert.Equal(await Readiness.CountAsync(instances[1], "n1", Ct), counts);
    }

    [Fact]
    public async Task AddAcknowledgements_InBulk_KeepsListedOrderAndCountsAsOneAtATime()
    {
        // The benchmarks' seeding path (PostgresChangeBotStore.AddAcknowledgementsAsync): same rows, same order
        // among answers at one instant, same counts as the one-by-one path, and a repeated answer stored once.
        await MigrateAsync();
        var store = Instances(1)[0];
        Acknowledgement[] answers =
        [
            new("bulk", "slack:T1:C1", AckAnswer.NeedHelp, "U1", Samples.T0),
            new("bulk", "slack:T1:C1", AckAnswer.Ready, "U2", Samples.T0),
            new("bulk", "slack:T1:C2", AckAnswer.NotAffected, "U1", Samples.T0.AddMinutes(1)),
            new("bulk", "slack:T1:C3", AckAnswer.Ready, "U1", Samples.T0.AddMinutes(2)),
            new("bulk", "slack:T1:C3", AckAnswer.NeedHelp, "U1", Samples.T0.AddMinutes(1)),
            new("bulk", "slack:T1:C2", AckAnswer.NotAffected, "U1", Samples.T0.AddMinutes(1)),
        ];
        await store.TryReserveDeliveriesAsync([Samples.Delivery("bulk", "slack:T1:C4"), Samples.Delivery("single", "slack:T1:C4")], Ct);

        await store.AddAcknowledgementsAsync(answers, Ct);
        foreach (var answer in answers)
        {
            await store.AddAcknowledgementAsync(answer with { NoticeId = "single" }, Ct);
        }

        var bulk = await store.ListAcknowledgementsAsync("bulk", Ct);
        var single = await store.ListAcknowledgementsAsync("single", Ct);
        Assert.Equal(5, bulk.Count);
        Assert.Equal(single.Select(a => a with { NoticeId = "bulk" }), bulk);
        var counts = await store.CountReadinessAsync(["bulk", "single"], Ct);
        Assert.Equal(new ReadinessCounts(Channels: 4, Ready: 2, NotAffected: 1, NeedHelp: 0, NoAnswer: 1), counts["bulk"]);
        Assert.Equal(counts["single"], counts["bulk"]);
        Assert.Equal(await Readiness.CountAsync(store, "bulk", Ct), counts["bulk"]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _database?.Dispose();
    }

    private async Task<IReadOnlyList<int>> MigrateAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database!.ConnectionString);
        return await new PostgresMigrator(dataSource).MigrateAsync(ct: Ct);
    }

    /// <summary>Applies the migrations before the counters the way the migrator records them, as an older build did.</summary>
    private async Task MigrateBeforeCountersAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database!.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(Ct);
        await Execute(connection, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in PostgresMigrator.All.Where(m => m.Version < CountersVersion))
        {
            await Execute(connection, migration.Sql);
            await Execute(connection, $"INSERT INTO schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}')");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private PostgresChangeBotStore[] Instances(int count)
    {
        var created = Enumerable.Range(0, count).Select(_ => new PostgresChangeBotStore(_database!.ConnectionString)).ToArray();
        _instances.AddRange(created);
        return created;
    }
}
