namespace ChangeBot.Core.Notices;

public enum DiffKind { Same, Removed, Added }

/// <summary>One line of a diff, with its line number in the old and in the new text (0 where it has none).</summary>
public sealed record DiffLine(DiffKind Kind, string Text, int OldLine, int NewLine);

/// <summary>
/// A line diff between two revisions of a notice's source, for support to see what changed. Common leading and
/// trailing lines are matched first; the middle is a longest-common-subsequence diff when it is small enough,
/// and otherwise shown as removed-then-added, so two large unrelated revisions cost time and memory in
/// proportion to their length, never its square.
/// </summary>
public static class RevisionDiff
{
    /// <summary>The largest middle part (old lines × new lines) diffed line by line.</summary>
    public const int MaxTableCells = 2_000_000;

    public static IReadOnlyList<DiffLine> Lines(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = Split(oldText);
        var b = Split(newText);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++)
        {
            result.Add(new DiffLine(DiffKind.Same, a[i], i + 1, i + 1));
        }

        Middle(a, b, prefix, a.Length - suffix, b.Length - suffix, result);
        for (var k = suffix; k > 0; k--)
        {
            result.Add(new DiffLine(DiffKind.Same, a[^k], a.Length - k + 1, b.Length - k + 1));
        }

        return result;
    }

    private static void Middle(string[] a, string[] b, int start, int aEnd, int bEnd, List<DiffLine> result)
    {
        var n = aEnd - start;
        var m = bEnd - start;
        if ((long)n * m > MaxTableCells || n == 0 || m == 0)
        {
            for (var i = start; i < aEnd; i++)
            {
                result.Add(new DiffLine(DiffKind.Removed, a[i], i + 1, 0));
            }

            for (var j = start; j < bEnd; j++)
            {
                result.Add(new DiffLine(DiffKind.Added, b[j], 0, j + 1));
            }

            return;
        }

        // lcs[i, j]: length of the longest common subsequence of a[start+i..aEnd) and b[start+j..bEnd).
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[start + i] == b[start + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[start + x] == b[start + y])
            {
                result.Add(new DiffLine(DiffKind.Same, a[start + x], start + x + 1, start + y + 1));
                x++;
                y++;
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                result.Add(new DiffLine(DiffKind.Removed, a[start + x], start + x + 1, 0));
                x++;
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Added, b[start + y], 0, start + y + 1));
                y++;
            }
        }
    }

    private static string[] Split(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
