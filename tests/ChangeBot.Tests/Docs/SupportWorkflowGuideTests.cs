using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeBot.Core.Conversations;
using ChangeBot.Tests.Api;

namespace ChangeBot.Tests.Docs;

/// <summary>docs/support-workflow.md shows REST calls that the server's OpenAPI document has, covers every
/// operation in it, and names every support-only chat command.</summary>
public sealed partial class SupportWorkflowGuideTests
{
    private static readonly GuideFile Guide = GuideFile.Read("support-workflow.md");

    [Fact]
    public async Task EveryRestCallInTheGuide_IsAnOperationOfTheOpenApiDocument()
    {
        var operations = await OperationsAsync();
        var shown = ShownCalls();

        Assert.True(shown.Count >= 10, $"found only {shown.Count} REST calls in {Guide.Path}");
        var unknown = shown.Where(call => !operations.Any(op => Matches(op, call))).ToList();
        Assert.True(unknown.Count == 0, $"{Guide.Path} shows calls the server does not have: {string.Join("; ", unknown)}");
    }

    [Fact]
    public async Task EveryOperationOfTheOpenApiDocument_IsInTheGuide()
    {
        var operations = await OperationsAsync();
        var shown = ShownCalls();

        var missing = operations.Where(op => !shown.Any(call => Matches(op, call))).ToList();
        Assert.True(missing.Count == 0, $"{Guide.Path} does not show: {string.Join("; ", missing)}");
    }

    [Fact]
    public void EverySupportCommand_IsInTheCommandReference()
    {
        var reference = Guide.Section("Chat command reference");

        var missing = ChatCommands.All.Where(c => !reference.Contains($"`{c.Usage.Replace("|", "\\|", StringComparison.Ordinal)}`", StringComparison.Ordinal)
            && !reference.Contains($"`{c.Usage}`", StringComparison.Ordinal)).Select(c => c.Usage).ToList();
        Assert.True(missing.Count == 0, $"the command reference of {Guide.Path} lacks: {string.Join("; ", missing)}");
        Assert.All(ChatCommands.All.Where(c => c.SupportOnly), c => Assert.Contains($"`{c.Usage}` | support |", reference, StringComparison.Ordinal));
    }

    /// <summary>"METHOD /api/v1/…" as written in the text, and every curl command (method from -X, else GET).</summary>
    private static List<string> ShownCalls()
    {
        var calls = WrittenCall().Matches(Guide.Text).Select(m => $"{m.Groups["method"].Value} {m.Groups["path"].Value.TrimEnd('/')}").ToList();
        var text = Guide.Text.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (Match curl in CurlCall().Matches(text))
        {
            var method = curl.Groups["method"].Success ? curl.Groups["method"].Value : "GET";
            calls.Add($"{method} {curl.Groups["path"].Value.TrimEnd('/')}");
        }

        return [.. calls.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when a call in the guide is the operation: the same template (placeholders named as the
    /// server names them) or a concrete path the template matches.</summary>
    private static bool Matches(string operation, string call)
    {
        if (operation == call)
        {
            return true;
        }

        var pattern = "^" + Regex.Replace(Regex.Escape(operation), @"\\\{\w+}", "[^/{}]+") + "$";
        return Regex.IsMatch(call, pattern);
    }

    private static async Task<List<string>> OperationsAsync()
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))];
    }

    [GeneratedRegex(@"\b(?<method>GET|POST|PUT|PATCH|DELETE) (?<path>/api/v1/[^\s`?),;]*)")]
    private static partial Regex WrittenCall();

    [GeneratedRegex(@"curl (?:[^\n]*?-X (?<method>[A-Z]+))?[^\n]*?""\$CHANGEBOT(?<path>/api/v1/[^""?]*)")]
    private static partial Regex CurlCall();
}
