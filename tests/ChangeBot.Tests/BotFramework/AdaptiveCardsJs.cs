using System.Diagnostics;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Runs tests/e2e/adaptive-cards.test.mjs (Microsoft's adaptivecards package under node:test) on a folder of cards.</summary>
internal static class AdaptiveCardsJs
{
    private static readonly string E2e = Path.Combine(RepositoryRoot.Path, "tests", "e2e");
    private static readonly string? Node = Prerequisite.FindOnPath("node");

    public static void RequireInstalled() =>
        Prerequisite.Require(Node is not null && Directory.Exists(Path.Combine(E2e, "node_modules", "adaptivecards")),
            Prerequisite.NpmAdvice("adaptivecards"));

    /// <summary>Fails with node's report unless every one of the <paramref name="count"/> cards parses cleanly.</summary>
    public static async Task AssertAllParseAsync(string cardsDirectory, int count)
    {
        var (exitCode, output) = await RunAsync(cardsDirectory);
        Assert.True(exitCode == 0, output);
        // The self-check, the suite, and one subtest per card.
        Assert.Contains($"# pass {count + 2}", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string cardsDirectory)
    {
        var start = new ProcessStartInfo(Node!, ["--test", "--test-reporter=tap", "adaptive-cards.test.mjs"])
        {
            WorkingDirectory = E2e,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CHANGEBOT_CARDS_DIR"] = cardsDirectory },
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
