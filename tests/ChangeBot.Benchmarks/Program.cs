using ChangeBot.Benchmarks.Answers;
using ChangeBot.Benchmarks.Storage;

// One entry point for every area's benchmark: `dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <area> [args]`.
return args.FirstOrDefault() switch
{
    "storage" => await DeliveryLedgerBenchmark.RunAsync(args[1..]),
    "answers" => AnswerLatencyBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <benchmark> [args]");
    Console.Error.WriteLine("  storage [deliveries]   delivery-ledger throughput on PostgreSQL, one vs two store instances");
    Console.Error.WriteLine("  answers [notices] [asks]   question-answer latency, Lucene index vs a linear keyword scan");
    return 64;
}
