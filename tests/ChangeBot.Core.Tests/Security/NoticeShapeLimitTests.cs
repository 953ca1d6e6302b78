using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Security;

/// <summary>The front matter's nesting and size are bounded before YamlDotNet builds its (recursive) node model,
/// so a hostile notice is an error on its line, never a stack overflow.</summary>
public sealed class NoticeShapeLimitTests
{
    private static NoticeParseResult Parse(string yaml) =>
        new NoticeImporter().Parse($"---\nid: deep\ntitle: Deep\n{yaml}\n---\n## Body\n", "deep.md");

    [Fact]
    public void Parse_ListsNestedBeyondTheLimit_IsNestingTooDeepOnItsLine()
    {
        var result = Parse("severity: info\nproducts: " + new string('[', 100) + new string(']', 100));

        Assert.Null(result.Notice);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("deep.md:5: nesting too deep", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FieldsNestedBeyondTheLimit_IsNestingTooDeep()
    {
        var nested = string.Concat(Enumerable.Range(0, 60).Select(i => $"{new string(' ', i * 2)}k{i}:\n")) + new string(' ', 120) + "v: 1";

        var result = Parse("details:\n" + nested);

        Assert.Contains(result.Errors, e => e.Message.StartsWith("nesting too deep", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnclosedDeepList_IsNestingTooDeepNotAStackOverflow()
    {
        // 256 KiB of '[': the REST body limit. Before the limit this killed the process.
        var result = Parse("products: " + new string('[', 256 * 1024));

        Assert.Contains(result.Errors, e => e.Line == 4 && e.Message.StartsWith("nesting too deep", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TooManyValues_IsRefused()
    {
        var result = Parse("products: [" + string.Join(',', Enumerable.Repeat("a", 20_000)) + "]");

        var error = Assert.Single(result.Errors);
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingWithinTheLimit_IsJudgedOnItsFields()
    {
        var result = Parse("severity: info\nproducts: " + new string('[', 20) + "api" + new string(']', 20));

        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("nesting", StringComparison.Ordinal));
    }
}
