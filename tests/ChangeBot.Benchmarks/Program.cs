using ChangeBot.Benchmarks.Checks;
using ChangeBot.Benchmarks.Storage;

// One entry point for every area's benchmark: `dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <area> [args]`.
return args.FirstOrDefault() switch
{
    "storage" => await DeliveryLedgerBenchmark.RunAsync(args[1..]),
    "checks" => await ChecksBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <benchmark> [args]");
    Console.Error.WriteLine("  storage [deliveries]   delivery-ledger throughput on PostgreSQL, one vs two store instances");
    Console.Error.WriteLine("  checks [--runs 30] [--concurrency 200]   chain check vs openssl s_client; concurrent checks");
    return 64;
}
