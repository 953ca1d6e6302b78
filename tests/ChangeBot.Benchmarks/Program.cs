using ChangeBot.Benchmarks.Slack;
using ChangeBot.Benchmarks.Storage;

// One entry point for every area's benchmark: `dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <area> [args]`.
return args.FirstOrDefault() switch
{
    "storage" => await DeliveryLedgerBenchmark.RunAsync(args[1..]),
    "slack-ack" => await SlackAckLoad.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <benchmark> [args]");
    Console.Error.WriteLine("  storage [deliveries]                     delivery-ledger throughput on PostgreSQL, one vs two store instances");
    Console.Error.WriteLine("  slack-ack [--rate 200] [--duration 30]   Slack ack latency under load against the real server on loopback");
    return 64;
}
