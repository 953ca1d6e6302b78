using System.Text.RegularExpressions;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.Docs;

/// <summary>Links between the guides, repository paths they name, and the <c>docs/….md#anchor</c> citations in
/// code comments all lead somewhere: a renamed heading or a moved file fails here instead of in a reader's browser.</summary>
public sealed partial class DocLinksTests
{
    public static TheoryData<string> Guides() => [.. GuideFile.All()];

    [Theory]
    [MemberData(nameof(Guides))]
    public void EveryRelativeLink_LeadsToAFileAndHeadingThatExist(string name)
    {
        var guide = GuideFile.Read(name);
        var broken = new List<string>();
        foreach (Match link in MarkdownLink().Matches(guide.Text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var (file, anchor) = Split(target);
            var path = file.Length == 0 ? Path.Combine(GuideFile.DocsDirectory, name) : Path.GetFullPath(Path.Combine(GuideFile.DocsDirectory, file));
            if (Problem(path, anchor) is { } problem)
            {
                broken.Add($"{target}: {problem}");
            }
        }

        Assert.True(broken.Count == 0, $"docs/{name} has broken links:\n{string.Join('\n', broken)}");
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public void EveryRepositoryPathInCode_Exists(string name)
    {
        var guide = GuideFile.Read(name);
        var missing = RepositoryPath().Matches(guide.Text)
            .Select(m => m.Groups["path"].Value)
            .Where(p => !p.Contains('<', StringComparison.Ordinal) && !p.Contains('*', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Where(p => Problem(Path.Combine(RepositoryRoot.Path, Split(p).File), Split(p).Anchor) is not null)
            .ToList();

        Assert.True(missing.Count == 0, $"docs/{name} names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void EveryDocsCitationInTheCode_LeadsToAHeading()
    {
        var roots = new[] { "src", "tests" }.Select(d => Path.Combine(RepositoryRoot.Path, d));
        var files = roots.SelectMany(r => Directory.EnumerateFiles(r, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".mjs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains("node_modules", StringComparison.Ordinal));
        var broken = new List<string>();
        foreach (var file in files)
        {
            foreach (Match citation in Citation().Matches(File.ReadAllText(file)))
            {
                var (doc, anchor) = Split(citation.Groups["target"].Value);
                if (Problem(Path.Combine(RepositoryRoot.Path, doc), anchor) is { } problem)
                {
                    broken.Add($"{Path.GetRelativePath(RepositoryRoot.Path, file)}: {citation.Value}: {problem}");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    private static (string File, string? Anchor) Split(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
    }

    /// <summary>What is wrong with a link target, or null: the file or folder must exist, an anchor must be a
    /// heading of the Markdown file.</summary>
    private static string? Problem(string path, string? anchor)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return "no such file";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!path.EndsWith(".md", StringComparison.Ordinal))
        {
            return "an anchor into a file that is not Markdown";
        }

        var relative = Path.GetRelativePath(GuideFile.DocsDirectory, path);
        var anchors = relative.StartsWith("..", StringComparison.Ordinal)
            ? GuideFile.FromPath(path).Anchors()
            : GuideFile.Read(relative).Anchors();
        return anchors.Contains(anchor) ? null : $"no heading with the anchor #{anchor}";
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`(?<path>(?:src|tests|manifests|docs)/[^`\s]+)`")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"(?<target>docs/[a-z0-9-]+\.md#[a-z0-9_-]+)")]
    private static partial Regex Citation();
}
