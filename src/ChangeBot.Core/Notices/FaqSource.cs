using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChangeBot.Core.Notices;

/// <summary>
/// Adds an FAQ entry to a notice's source text, so the stored source stays the file support would write:
/// appended to a block <c>faq:</c> list, or a new <c>faq:</c> field at the end of the front matter. Question
/// and answer are written as double-quoted scalars (JSON string syntax, which YAML reads alike).
/// </summary>
public static partial class FaqSource
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The source with the entry added, or null when the front matter cannot be found or its <c>faq</c>
    /// is written inline (<c>faq: [...]</c>), which this does not rewrite.</summary>
    public static string? Add(string source, string question, string answer)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.ReplaceLineEndings("\n").Split('\n').ToList();
        if (lines.Count == 0 || lines[0].TrimEnd() != "---")
        {
            return null;
        }

        var close = lines.FindIndex(1, l => l.TrimEnd() == "---");
        if (close < 0)
        {
            return null;
        }

        var faq = lines.FindIndex(1, close - 1, l => FaqField().IsMatch(l));
        string q = JsonSerializer.Serialize(question, Quoting), a = JsonSerializer.Serialize(answer, Quoting);
        if (faq < 0)
        {
            lines.InsertRange(close, ["faq:", $"  - q: {q}", $"    a: {a}"]);
            return string.Join('\n', lines);
        }

        if (!FaqBlockStart().IsMatch(lines[faq]))
        {
            return null;
        }

        // The block runs while lines are indented, list items, blank or comments.
        var last = faq;
        var indent = "  ";
        for (var i = faq + 1; i < close; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '-' && line[0] != '#')
            {
                break;
            }

            if (line.TrimStart().StartsWith('-') && last == faq)
            {
                indent = line[..(line.Length - line.TrimStart().Length)];
            }

            if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            {
                last = i;
            }
        }

        lines.InsertRange(last + 1, [$"{indent}- q: {q}", $"{indent}  a: {a}"]);
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^faq\s*:")]
    private static partial Regex FaqField();

    [GeneratedRegex(@"^faq\s*:\s*(#.*)?$")]
    private static partial Regex FaqBlockStart();
}
