using System.Diagnostics;
using System.Globalization;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Postgres;
using Npgsql;

namespace ChangeBot.Benchmarks.Storage;

/// <summary>
/// One progress reading of a broadcast, as the console's progress stream makes once a tick: the store's count
/// (<see cref="IBroadcastProgressStore.CountProgressAsync"/>, no failures listed, as the stream asks) against what a
/// reading was before (<see cref="IDeliveryLedger.ListDeliveriesAsync"/> and <see cref="BroadcastProgress.Of"/>), on
/// LiteDB and (with <c>ConnectionStrings__Postgres</c>) PostgreSQL. Three notices of N deliveries each (60% sent, 30%
/// pending, 9% throttled, 1% failed). LiteDB's first reading after the file is opened reads the rows (its tally
/// starts there), so it is timed apart. Usage: <c>progress [--deliveries 10000] [--repeat 15]</c>.
/// </summary>
internal static class ProgressReadingBenchmark
{
    private const int Notices = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var perNotice = Fanout.BenchOptions.Integer(args, "--deliveries", 10_000);
        var repeat = Fanout.BenchOptions.Integer(args, "--repeat", 15);
        Console.WriteLine(FormattableString.Invariant(
            $"Progress readings: {Notices} notices x {perNotice} deliveries, median of {repeat}; {Environment.ProcessorCount} cores, load {Fanout.FanoutBenchmark.LoadAverage()}"));
        Console.WriteLine("| store | whole ledger + Of (before), ms | first count after opening, ms | count (after), ms | count listing 500 failures, ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");

        var data = Directory.CreateTempSubdirectory("changebot-progress-");
        try
        {
            var path = Path.Combine(data.FullName, LiteDbChangeBotStore.FileName);
            using (var seeding = new LiteDbChangeBotStore(path))
            {
                await SeedAsync(seeding, perNotice);
            }

            using (var store = new LiteDbChangeBotStore(path))
            {
                await MeasureAsync("LiteDB", store, repeat);
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }

        var server = await PostgresServer.GetAsync();
        if (!server.IsAvailable)
        {
            Console.WriteLine($"PostgreSQL: skipped ({server.Reason})");
            return 0;
        }

        using var database = await ScratchDatabase.CreateAsync(server.ConnectionString!);
        await using (var migrations = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new PostgresMigrator(migrations).MigrateAsync();
        }

        await using (var seeding = new PostgresChangeBotStore(database.ConnectionString))
        {
            await SeedAsync(seeding, perNotice);
        }

        await using (var store = new PostgresChangeBotStore(database.ConnectionString))
        {
            await MeasureAsync("PostgreSQL", store, repeat);
        }

        return 0;
    }

    /// <summary>Reserved in their final states (the ledger accepts any), in chunks of 1,000: what a broadcast leaves.</summary>
    private static async Task SeedAsync(IChangeBotStore store, int perNotice)
    {
        for (var n = 0; n < Notices; n++)
        {
            foreach (var chunk in Enumerable.Range(0, perNotice).Chunk(1_000))
            {
                await store.TryReserveDeliveriesAsync([.. chunk.Select(i => Delivery($"progress-{n}", i))]);
            }
        }
    }

    private static Delivery Delivery(string noticeId, int i)
    {
        var delivery = new Delivery
        {
            NoticeId = noticeId, Revision = 1, ChannelKey = $"slack:T{i % 200:D4}:C{i:D6}", Kind = DeliveryKind.Broadcast,
            CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(i),
        };
        return (i % 100) switch
        {
            < 60 => delivery with { Status = DeliveryStatus.Sent, Attempts = 1, PlatformMessageId = $"1700000000.{i:D6}", SentAt = delivery.CreatedAt },
            < 90 => delivery,
            < 99 => delivery with { Attempts = 1, Error = "ratelimited" },
            _ => delivery with { Status = DeliveryStatus.Failed, Attempts = 5, Error = "channel_not_found", FailureKind = DeliveryFailureKind.ChannelGone },
        };
    }

    private static async Task MeasureAsync(string name, IChangeBotStore store, int repeat)
    {
        const string Watched = "progress-1";
        var first = await TimeAsync(() => store.CountProgressAsync(Watched, 0));
        var before = new List<double>();
        var after = new List<double>();
        var listing = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            before.Add(await TimeAsync(async () => BroadcastProgress.Of(await store.ListDeliveriesAsync(Watched))));
            after.Add(await TimeAsync(() => store.CountProgressAsync(Watched, 0)));
            listing.Add(await TimeAsync(() => store.CountProgressAsync(Watched, BroadcastProgress.MaxFailuresListed)));
        }

        var counted = await store.CountProgressAsync(Watched, BroadcastProgress.MaxFailuresListed);
        var expected = BroadcastProgress.Of(await store.ListDeliveriesAsync(Watched));
        if ((counted.Sent, counted.Pending, counted.Throttled, counted.Failed, counted.FailuresTotal)
            != (expected.Sent, expected.Pending, expected.Throttled, expected.Failed, expected.FailuresTotal))
        {
            throw new InvalidOperationException($"{name}: the count differs from the ledger");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(before):0.000} | {first:0.000} | {Median(after):0.000} | {Median(listing):0.000} |"));
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> read)
    {
        var started = Stopwatch.GetTimestamp();
        await read();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
