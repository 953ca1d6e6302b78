using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The evaluation notices (Answers/Evaluation/*.md) and questions (questions.txt).</summary>
internal static class EvaluationSet
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Answers", "Evaluation");

    public sealed record Case(int Line, string? Context, string Question, string? ExpectedNotice, string MustContain);

    public static IReadOnlyList<Case> Questions()
    {
        var cases = new List<Case>();
        var lines = File.ReadAllLines(Path.Combine(Folder, "questions.txt"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('#') || lines[i].Trim().Length == 0)
            {
                continue;
            }

            var parts = lines[i].Split('|');
            Assert.True(parts.Length == 4, $"questions.txt:{i + 1}: expected 4 fields separated by '|'");
            var context = parts[0].Trim();
            var expected = parts[2].Trim();
            cases.Add(new Case(i + 1, context.Length == 0 ? null : context, parts[1].Trim(),
                expected == "none" ? null : expected, parts[3].Trim()));
        }

        return cases;
    }

    /// <summary>Every evaluation notice (the sample notice included), published.</summary>
    public static IReadOnlyList<Notice> Notices()
    {
        var batch = new NoticeImporter().ParseFiles([Folder]);
        Assert.True(batch.Succeeded, string.Join('\n', batch.Errors));
        return [.. batch.Notices.Select(n => n with { State = NoticeState.Published })];
    }
}
