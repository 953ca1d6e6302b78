using System.Text.Json;
using ChangeBot.Cli;

namespace ChangeBot.Testing.Cli;

/// <summary>One run of the real CLI entry point in process: its exit code and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    /// <summary>The problem codes of a JSON <c>check</c> report.</summary>
    public IReadOnlyList<string> Codes => [.. Json.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()!)];
}
