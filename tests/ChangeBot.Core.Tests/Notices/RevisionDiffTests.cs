using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

public sealed class RevisionDiffTests
{
    private static string Show(IEnumerable<DiffLine> diff) => string.Join("|", diff.Select(d => d.Kind switch
    {
        DiffKind.Added => "+" + d.Text,
        DiffKind.Removed => "-" + d.Text,
        _ => " " + d.Text,
    }));

    [Fact]
    public void Lines_OneLineChangedAndOneAdded_ShowsRemovedThenAddedWithLineNumbers()
    {
        var diff = RevisionDiff.Lines("---\nid: x\ntitle: Old\n---\nbody\n", "---\nid: x\ntitle: New\n---\nbody\nmore\n");

        Assert.Equal(" ---| id: x|-title: Old|+title: New| ---| body|+more", Show(diff));
        var changed = diff.Single(d => d.Kind == DiffKind.Added && d.Text == "title: New");
        Assert.Equal((0, 3), (changed.OldLine, changed.NewLine));
        var removed = diff.Single(d => d.Kind == DiffKind.Removed);
        Assert.Equal((3, 0), (removed.OldLine, removed.NewLine));
        Assert.Equal(6, diff.Last().NewLine);
    }

    [Fact]
    public void Lines_SameText_AllSame_AndWindowsLineEndingsDoNotCount()
    {
        Assert.All(RevisionDiff.Lines("a\r\nb\r\n", "a\nb"), d => Assert.Equal(DiffKind.Same, d.Kind));
        Assert.Empty(RevisionDiff.Lines("", ""));
        Assert.Equal("+a", Show(RevisionDiff.Lines("", "a")));
    }

    [Fact]
    public void Lines_MiddleInterleaved_KeepsCommonLines()
    {
        Assert.Equal("-a| b|+c| d|-e|+f", Show(RevisionDiff.Lines("a\nb\nd\ne", "b\nc\nd\nf")));
    }

    [Fact]
    public void Lines_HugeUnrelatedRevisions_FallBackToRemovedThenAddedWithoutTheTable()
    {
        var old = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"old {i}"));
        var @new = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"new {i}"));

        var diff = RevisionDiff.Lines(old, @new);

        Assert.Equal(6000, diff.Count);
        Assert.All(diff.Take(3000), d => Assert.Equal(DiffKind.Removed, d.Kind));
        Assert.All(diff.Skip(3000), d => Assert.Equal(DiffKind.Added, d.Kind));
    }
}
