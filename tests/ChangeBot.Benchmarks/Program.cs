using BenchmarkDotNet.Running;
using ChangeBot.Benchmarks.Slack;

// Load harnesses are named commands; anything else goes to BenchmarkDotNet's switcher.
return args.FirstOrDefault() switch
{
    "slack-ack" => await SlackAckLoad.RunAsync(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(SlackAckLoad).Assembly).Run(args);
    return 0;
}
