using System.Diagnostics;

namespace ChangeBot.Tests.Cli;

/// <summary>
/// The real executable (changebot.dll, built next to the tests) run to its exit, with its own environment and
/// working directory: what a user or a script runs, including settings from environment variables.
/// </summary>
internal static class CliProcess
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "changebot.dll");

    /// <summary>Runs <c>dotnet changebot.dll args…</c> in <paramref name="workingDirectory"/> until it exits.</summary>
    public static Task<CliRun> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync("dotnet", [Executable, .. args], workingDirectory, environment);

    /// <summary>Any command (e.g. <c>dotnet run</c>), to its exit; killed after <paramref name="timeout"/> (default 2 minutes).</summary>
    public static async Task<CliRun> RunAsync(
        string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A production-like run: no Development settings, and nothing inherited that names another store.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ChangeBot__DataDirectory");
        info.Environment.Remove("ChangeBot__Storage");
        info.Environment.Remove("ConnectionStrings__Postgres");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not exit:\n{await output}\n{await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
