using System.Text.Json;
using ChangeBot.Cli;

namespace ChangeBot.Tests.Checks;

/// <summary>Runs the real CLI entry point and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    public IReadOnlyList<string> Codes => [.. Json.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()!)];
}
