using System.Reflection;
using ChangeBot.Core.Checks;

namespace ChangeBot.Tests.Docs;

/// <summary>docs/checks.md explains exactly the problem codes the checker reports.</summary>
public sealed class ChecksGuideTests
{
    [Fact]
    public void ProblemTable_IsTheFixedVocabulary()
    {
        var codes = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        var documented = GuideFile.Read("checks.md").FirstColumnCodes("Problems").Order(StringComparer.Ordinal);

        Assert.Equal(16, codes.Count); // the original 15, plus distrusted-root (issue 17)
        Assert.Equal(codes, documented);
    }
}
