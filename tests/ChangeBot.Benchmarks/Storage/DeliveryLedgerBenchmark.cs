using System.Diagnostics;
using System.Globalization;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Benchmarks.Storage;

/// <summary>
/// Delivery-ledger throughput on PostgreSQL: each delivery is one reservation and one update (what the delivery
/// engine writes per message), done by one store instance and then by two instances at once (two server
/// instances sharing the database). Reports the two/one throughput ratio, and the share of the callers' time the
/// server spent executing their statements (pg_stat_database.active_time over the summed call times).
/// </summary>
internal static class DeliveryLedgerBenchmark
{
    private const int WorkersPerInstance = 4;
    private const int Rounds = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var deliveries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        var server = await PostgresServer.GetAsync();
        if (!server.IsAvailable)
        {
            await Console.Error.WriteLineAsync(server.Reason);
            return 2;
        }

        Console.WriteLine($"Delivery ledger on PostgreSQL {await ServerVersionAsync(server.ConnectionString!)}: {deliveries} deliveries " +
            $"(reserve + update each), {WorkersPerInstance} concurrent callers per store instance, median of {Rounds} rounds");
        await MeasureAsync(server.ConnectionString!, instances: 1, deliveries / 10); // warm-up: JIT, pools, plans

        var one = new List<Result>();
        var two = new List<Result>();
        for (var round = 0; round < Rounds; round++)
        {
            one.Add(await MeasureAsync(server.ConnectionString!, instances: 1, deliveries));
            two.Add(await MeasureAsync(server.ConnectionString!, instances: 2, deliveries));
        }

        Console.WriteLine();
        Console.WriteLine("instances  deliveries/s  ms/delivery (per caller)  time in database");
        var medianOne = Median(one);
        var medianTwo = Median(two);
        foreach (var result in new[] { medianOne, medianTwo })
        {
            Console.WriteLine($"{result.Instances,9}  {result.PerSecond,12:F0}  {result.MeanMilliseconds,24:F2}  {result.DatabaseShare,16:P0}");
        }

        Console.WriteLine($"ratio two/one: {medianTwo.PerSecond / medianOne.PerSecond:F2}x");
        return 0;
    }

    private static async Task<Result> MeasureAsync(string serverConnectionString, int instances, int deliveries)
    {
        using var database = await ScratchDatabase.CreateAsync(serverConnectionString);
        await using (var migrations = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new PostgresMigrator(migrations).MigrateAsync();
        }

        var stores = Enumerable.Range(0, instances).Select(_ => new PostgresChangeBotStore(database.ConnectionString)).ToArray();
        var next = -1;
        long callTicks = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(stores.SelectMany(store => Enumerable.Range(0, WorkersPerInstance).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < deliveries)
            {
                var started = Stopwatch.GetTimestamp();
                await DeliverAsync(store, i);
                Interlocked.Add(ref callTicks, Stopwatch.GetTimestamp() - started);
            }
        }))));
        wall.Stop();
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        var callTime = TimeSpan.FromSeconds((double)callTicks / Stopwatch.Frequency);
        var databaseTime = await ActiveTimeAsync(serverConnectionString, database.Name);
        return new Result(instances, deliveries / wall.Elapsed.TotalSeconds, callTime.TotalMilliseconds / deliveries,
            databaseTime / callTime.TotalMilliseconds);
    }

    private static async Task DeliverAsync(PostgresChangeBotStore store, int i)
    {
        var delivery = new Delivery
        {
            NoticeId = $"notice-{i % 10}",
            Revision = 1,
            ChannelKey = $"slack:T1:C{i}",
            Kind = DeliveryKind.Broadcast,
            CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(i),
        };
        if (!await store.TryReserveDeliveryAsync(delivery))
        {
            throw new InvalidOperationException($"Delivery {delivery.Key} was reserved twice.");
        }

        await store.UpdateDeliveryAsync(delivery with
        {
            Status = DeliveryStatus.Sent, PlatformMessageId = $"1700000000.{i:D6}", Attempts = 1, SentAt = delivery.CreatedAt.AddSeconds(1),
        });
    }

    /// <summary>Milliseconds the server spent executing statements in the database. Backends report it when
    /// they end, so this waits until the closed pools' backends are gone.</summary>
    private static async Task<double> ActiveTimeAsync(string serverConnectionString, string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString;
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT numbackends, active_time FROM pg_stat_database WHERE datname = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = database });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt32(0) == 0 || attempt == 50)
            {
                return reader.GetDouble(1);
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> ServerVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection.ServerVersion;
    }

    private static Result Median(List<Result> results) => results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);

    private sealed record Result(int Instances, double PerSecond, double MeanMilliseconds, double DatabaseShare);
}
