using System.CommandLine;
using ChangeBot.Hosting;

namespace ChangeBot.Cli;

/// <summary>The command line: <c>serve</c> (default), <c>check</c>, <c>notices</c>, <c>ask</c>, <c>readiness</c>.</summary>
internal static class CliApp
{
    /// <summary>Exit code for a usage error (BSD sysexits EX_USAGE), as docs/checks.md#verdict-and-exit-codes fixes it.</summary>
    public const int UsageError = 64;

    private static readonly string[] Commands = ["serve", "demo", "check", "compare", "notices", "ask", "readiness", "--help", "-h", "-?", "--version"];

    /// <summary>No command, or only host options (<c>--urls</c>, <c>--environment</c>, which
    /// WebApplicationFactory passes too): run the server.</summary>
    public static bool IsServerInvocation(string[] args) =>
        args.Length == 0 || (args[0].StartsWith('-') && !Commands.Contains(args[0]));

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand("ChangeBot: vendor change notices in chat.")
        {
            ServeCommand(),
            DemoCommand(),
            CheckCommand.Create(),
            CompareCommand.Create(),
            NoticesCommands.Create(),
            AskCommand.Create(),
            ServerCommands.Readiness(),
        };
        var parse = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await config.Error.WriteLineAsync(problem.Message);
            }

            await config.Error.WriteLineAsync("Run 'changebot --help' for usage.");
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(config);
        }
        catch (CliException e)
        {
            await config.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (StartupErrors.Describe(e) is { Count: > 0 } problems)
        {
            // The store's settings, read as the server reads them, are wrong.
            await StartupErrors.WriteAsync(problems, config.Error);
            return StartupErrors.ExitCode;
        }
    }

    private static Command ServeCommand()
    {
        var serve = new Command("serve", "Run the server (the default). Host options such as --urls pass through.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((result, _) => StartupErrors.RunServerAsync([.. result.UnmatchedTokens], result.InvocationConfiguration.Error));
        return serve;
    }

    /// <summary>The server with the demo on (<see cref="DemoRun"/>): a notice's whole life in a few minutes.</summary>
    private static Command DemoCommand()
    {
        var demo = new Command("demo", "Run the server and publish a demo notice, due in minutes, to the web chat once it subscribes.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        demo.SetAction((result, _) => StartupErrors.RunServerAsync(
            [.. result.UnmatchedTokens, "--ChangeBot:Demo=true"], result.InvocationConfiguration.Error));
        return demo;
    }
}
