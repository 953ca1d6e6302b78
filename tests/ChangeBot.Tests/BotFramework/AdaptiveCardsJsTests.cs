using System.Diagnostics;
using ChangeBot.BotFramework.Cards;

namespace ChangeBot.Tests.BotFramework;

/// <summary>
/// Renders every kind of card the Teams adapter sends and has Microsoft's <c>adaptivecards</c> npm package
/// parse them (tests/e2e/adaptive-cards.test.mjs under node:test).
/// </summary>
public sealed class AdaptiveCardsJsTests
{
    [Fact]
    public async Task EveryTeamsCard_ParsesInAdaptiveCardsJs_WithoutErrors()
    {
        var e2e = Path.Combine(RepositoryRoot(), "tests", "e2e");
        var node = Prerequisite.FindOnPath("node");
        Prerequisite.Require(node is not null && Directory.Exists(Path.Combine(e2e, "node_modules", "adaptivecards")),
            "needs node and `npm ci` in tests/e2e (adaptivecards)");

        using var cards = new TempDirectory();
        var written = 0;
        foreach (var (name, reply) in SampleReplies.All())
        {
            var activity = ReplyActivityBuilder.Build(reply)!;
            foreach (var attachment in activity.Attachments ?? [])
            {
                await File.WriteAllTextAsync(cards.File($"{name}.json"), attachment.Content.ToJsonString(), TestContext.Current.CancellationToken);
                written++;
            }
        }

        Assert.Equal(SampleReplies.All().Count(), written);
        var (exitCode, output) = await RunAsync(node!, e2e, cards.Path);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"# pass {written + 2}", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string node, string workingDirectory, string cardsDirectory)
    {
        var start = new ProcessStartInfo(node, ["--test", "--test-reporter=tap", "adaptive-cards.test.mjs"])
        {
            WorkingDirectory = workingDirectory,
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChangeBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ChangeBot.sln not found above " + AppContext.BaseDirectory);
    }
}
