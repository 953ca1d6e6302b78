using System.Text.RegularExpressions;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.Docs;

/// <summary>A guide under docs/, read as text, with the few structures the guide tests look at: fenced
/// code blocks by their info string, and tables by their first column.</summary>
internal sealed partial class GuideFile
{
    private GuideFile(string path, string text)
    {
        Path = path;
        Text = text.ReplaceLineEndings("\n");
    }

    /// <summary>The file's path relative to the repository root (for messages).</summary>
    public string Path { get; }

    public string Text { get; }

    public static string DocsDirectory => System.IO.Path.Combine(RepositoryRoot.Path, "docs");

    public static GuideFile Read(string name)
    {
        var full = System.IO.Path.Combine(DocsDirectory, name);
        Assert.True(File.Exists(full), $"docs/{name} is missing");
        return new GuideFile("docs/" + name, File.ReadAllText(full));
    }

    /// <summary>Any Markdown file of the repository (a link target outside docs/).</summary>
    public static GuideFile FromPath(string fullPath) =>
        new(System.IO.Path.GetRelativePath(RepositoryRoot.Path, fullPath), File.ReadAllText(fullPath));

    public static IEnumerable<string> All() =>
        Directory.GetFiles(DocsDirectory, "*.md").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>The one fenced block whose info string is exactly <paramref name="info"/> (e.g. <c>markdown notice</c>).
    /// Four-backtick fences are not used in the guides, so a three-backtick fence always closes the block.</summary>
    public string CodeBlock(string info)
    {
        var blocks = FencedBlock().Matches(Text).Where(m => m.Groups["info"].Value.Trim() == info).ToList();
        Assert.True(blocks.Count == 1, $"{Path} should have exactly one ```{info} block, has {blocks.Count}");
        return blocks[0].Groups["body"].Value;
    }

    /// <summary>The first-column cells (inside backticks) of every table row, e.g. <c>| `window.start` | …</c>.</summary>
    public IReadOnlyList<string> FirstColumnCodes(string heading)
    {
        var section = Section(heading);
        return [.. TableRowCode().Matches(section).Select(m => m.Groups["code"].Value)];
    }

    /// <summary>The text under a heading (any level), up to the next heading of the same or a higher level.</summary>
    public string Section(string heading)
    {
        var lines = Text.Split('\n');
        var start = Array.FindIndex(lines, l => Heading().Match(l) is { Success: true } m && m.Groups["title"].Value.Trim() == heading);
        Assert.True(start >= 0, $"{Path} has no heading '{heading}'");
        var level = Heading().Match(lines[start]).Groups["hashes"].Value.Length;
        var end = Array.FindIndex(lines, start + 1, l => Heading().Match(l) is { Success: true } m && m.Groups["hashes"].Value.Length <= level);
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>The GitHub anchors of the file's headings (lower case, punctuation dropped, spaces as '-').</summary>
    public IReadOnlySet<string> Anchors()
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && Heading().Match(line) is { Success: true } m)
            {
                var slug = SlugDrop().Replace(m.Groups["title"].Value.Trim().ToLowerInvariant().Replace("`", "", StringComparison.Ordinal), "").Replace(' ', '-');
                // GitHub numbers repeated headings: slug, slug-1, slug-2…
                var unique = slug;
                for (var i = 1; !anchors.Add(unique); i++)
                {
                    unique = $"{slug}-{i}";
                }
            }
        }

        return anchors;
    }

    [GeneratedRegex(@"^```(?<info>[^\n`]*)\n(?<body>.*?)^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^\|\s*`(?<code>[^`]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRowCode();

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<title>.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\s_-]")]
    private static partial Regex SlugDrop();
}
