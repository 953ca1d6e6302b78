using BenchmarkDotNet.Running;
using ChangeBot.Benchmarks.Abuse;
using ChangeBot.Benchmarks.Answers.Eval;
using ChangeBot.Benchmarks.Answers;
using ChangeBot.Benchmarks.Checks;
using ChangeBot.Benchmarks.Fanout;
using ChangeBot.Benchmarks.Reminders;
using ChangeBot.Benchmarks.ScaleOut;
using ChangeBot.Benchmarks.Slack;
using ChangeBot.Benchmarks.Storage;
using ChangeBot.Benchmarks.SupportConsole;

// dotnet run -c Release --project tests/ChangeBot.Benchmarks -- <area> [options]
// Load harnesses are listed here by area; anything else goes to BenchmarkDotNet's switcher
// (e.g. `-- --filter '*'`), so areas can add either kind.
var harnesses = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["answers"] = args => Task.FromResult(AnswerLatencyBenchmark.Run(args)),
    ["answers-eval"] = AnswersEvalBenchmark.RunAsync,
    ["answers-memory"] = AnswerMemoryBenchmark.RunAsync,
    ["checks"] = ChecksBenchmark.RunAsync,
    ["trust"] = TrustBenchmark.RunAsync,
    ["storage"] = DeliveryLedgerBenchmark.RunAsync,
    ["progress"] = ProgressReadingBenchmark.RunAsync,
    ["slack-ack"] = SlackAckLoad.RunAsync,
    ["scaleout"] = ScaleOutBenchmark.RunAsync,
    ["fanout"] = FanoutBenchmark.RunAsync,
    ["reminders"] = ReminderLatenessBenchmark.RunAsync,
    ["abuse"] = AbuseBenchmark.RunAsync,
    ["console"] = ConsoleBenchmark.RunAsync,
};

// The child process of `fanout --console-watchers`: not an area of its own.
if (args.Length > 0 && args[0] == WatcherProcess.Command)
{
    return await WatcherProcess.RunAsync(args[1..]);
}

if (args.Length > 0 && harnesses.TryGetValue(args[0], out var harness))
{
    return await harness(args[1..]);
}

if (args.Length == 0)
{
    Console.WriteLine($"Areas: {string.Join(", ", harnesses.Keys)}; or BenchmarkDotNet options (--list flat, --filter ...).");
    return 64;
}

BenchmarkSwitcher.FromAssembly(typeof(ChecksBenchmark).Assembly).Run(args);
return 0;
