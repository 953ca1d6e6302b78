using System.Diagnostics;
using ChangeBot.Testing;

namespace ChangeBot.Tests.DirectLine;

/// <summary>
/// Runs tests/e2e/directline.test.mjs (Microsoft's botframework-directlinejs under node:test) against
/// this server on a real loopback socket, with the fake conversation core answering.
/// </summary>
public sealed class DirectLineJsTests
{
    [Fact]
    public async Task DirectLineJs_PollingStreamingAndTokens_AllPass()
    {
        var e2e = Path.Combine(RepositoryRoot.Path, "tests", "e2e");
        var node = Prerequisite.FindOnPath("node");
        var installed = Directory.Exists(Path.Combine(e2e, "node_modules", "botframework-directlinejs"));
        Prerequisite.Require(node is not null && installed, Prerequisite.NpmAdvice("botframework-directlinejs, xhr2, ws"));
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret, kestrel: true);

        var start = new ProcessStartInfo(node!, ["--test", "--test-reporter=spec", "directline.test.mjs"])
        {
            WorkingDirectory = e2e,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["CHANGEBOT_URL"] = host.BaseUrl.ToString(),
                ["CHANGEBOT_DIRECTLINE_SECRET"] = DirectLineHarness.Secret,
                ["CHANGEBOT_EXPECT_REPLY"] = "You said: does the Salesforce connector need changes?",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(DirectLineHarness.Ct);
        var errors = process.StandardError.ReadToEndAsync(DirectLineHarness.Ct);
        try
        {
            await process.WaitForExitAsync(DirectLineHarness.Ct).WaitAsync(TimeSpan.FromMinutes(3), DirectLineHarness.Ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var log = await output + await errors;
        Assert.True(process.ExitCode == 0, "node --test directline.test.mjs failed:\n" + log);
        Assert.Contains("pass 4", log, StringComparison.Ordinal);
    }
}
