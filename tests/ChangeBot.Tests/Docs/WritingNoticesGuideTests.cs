using System.Text.RegularExpressions;
using ChangeBot.Core.Notices;

namespace ChangeBot.Tests.Docs;

/// <summary>docs/writing-notices.md says what the importer does: its example imports, its field table is
/// the importer's set of fields (found by asking the importer), and its error sample is the importer's output.</summary>
public sealed partial class WritingNoticesGuideTests
{
    private static readonly GuideFile Guide = GuideFile.Read("writing-notices.md");

    [Fact]
    public void ExampleNotice_ImportsCleanly()
    {
        var result = new NoticeImporter().Parse(Guide.CodeBlock("markdown notice"), "payments-api-tls-2027.md");

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        var notice = Assert.IsType<Notice>(result.Notice);
        Assert.Equal("payments-api-tls-2027", notice.Id);
        Assert.Equal(3, notice.Sections.Count);
        Assert.Single(notice.Faq);
        Assert.NotNull(notice.Certificates?.Root?.Sha256);
    }

    [Fact]
    public void FieldTable_ListsExactlyTheFieldsTheImporterAccepts()
    {
        var accepted = AcceptedFields([]).Order(StringComparer.Ordinal).ToList();
        var documented = Guide.FirstColumnCodes("Front matter fields").Order(StringComparer.Ordinal).ToList();

        Assert.True(accepted.Count > 20, $"probing the importer found only {accepted.Count} fields: {string.Join(", ", accepted)}");
        Assert.Equal(accepted, documented);
    }

    [Fact]
    public void ErrorSample_IsWhatTheImporterPrints()
    {
        var expected = Guide.CodeBlock("text errors").TrimEnd('\n');

        var result = new NoticeImporter().Parse(Guide.CodeBlock("markdown bad-notice"), "notices/payments.md");

        Assert.Null(result.Notice);
        // Compared as one text, so a failure shows the importer's whole output, ready to paste into the guide.
        var actual = string.Join('\n', result.Errors);
        Assert.True(expected == actual, $"the importer prints, for the sample in {Guide.Path}:\n{actual}");
    }

    /// <summary>
    /// Every field path the importer accepts under <paramref name="path"/>, learnt from its own answer to an
    /// unknown field ("unknown field 'x' in window; known fields: start, end"). A field that itself holds a set of
    /// fields (written as a mapping) or a list of them answers the same way one level down, so the whole tree is found.
    /// </summary>
    private static IEnumerable<string> AcceptedFields(IReadOnlyList<(string Name, bool IsList)> path)
    {
        if (KnownFieldsAt(path) is not { } known)
        {
            yield break;
        }

        var prefix = string.Concat(path.Select(p => p.Name + (p.IsList ? "[]." : ".")));
        foreach (var name in known)
        {
            yield return prefix + name;
            foreach (var isList in new[] { false, true })
            {
                foreach (var nested in AcceptedFields([.. path, (name, isList)]))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The known fields the importer names when a probe field is put at <paramref name="path"/>, or null
    /// when nothing there is a set of fields.</summary>
    private static string[]? KnownFieldsAt(IReadOnlyList<(string Name, bool IsList)> path)
    {
        const string probe = "zz-probe";
        var value = $"{{{probe}: 1}}";
        foreach (var (name, isList) in path.Reverse())
        {
            value = $"{{{name}: {(isList ? $"[{value}]" : value)}}}";
        }

        var yaml = value[1..^1];
        var errors = new NoticeImporter().Parse($"---\n{yaml}\n---\n", "probe.md").Errors;
        var answer = errors.Select(e => UnknownField().Match(e.Message)).FirstOrDefault(m => m.Success && m.Groups["name"].Value == probe);
        return answer?.Groups["known"].Value.Split(", ");
    }

    [GeneratedRegex(@"^unknown field '(?<name>[^']+)'(?: in \S+)?; known fields: (?<known>.+)$")]
    private static partial Regex UnknownField();
}
