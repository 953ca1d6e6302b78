using System.Text.RegularExpressions;

namespace ChangeBot.Tests.Hosting;

/// <summary>Skip reasons that send the reader to npm all say the same thing (<see cref="Prerequisite.NpmAdvice"/>),
/// so nobody is told `npm install` in one place and `npm ci` in another.</summary>
public sealed partial class SkipReasonWordingTests
{
    [Fact]
    public void NoTestSource_WritesItsOwnNpmAdvice()
    {
        var tests = Path.Combine(RepositoryRoot.Path, "tests");
        var own = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith("Prerequisite.cs", StringComparison.Ordinal)
                && !f.EndsWith(nameof(SkipReasonWordingTests) + ".cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(tests, f), Line: i + 1, Text: line)))
            .Where(l => NpmInAStringLiteral().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(own);
    }

    [Fact]
    public void NpmAdvice_NamesTheCommandCiRuns()
    {
        Assert.Contains("npm ci", File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run")), StringComparison.Ordinal);
        Assert.Equal("needs node and `npm ci` in tests/e2e (adaptivecards)", Prerequisite.NpmAdvice("adaptivecards"));
    }

    [GeneratedRegex("\"[^\"]*\\bnpm (ci|install)\\b[^\"]*\"")]
    private static partial Regex NpmInAStringLiteral();
}
