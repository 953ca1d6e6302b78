using ChangeBot.Core.Notices;
using ChangeBot.Testing.AnswerEvaluation;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The unseen-wording evaluation data is sound: its notices import with the real importer, and every
/// in-scope dev question points at a notice, heading or FAQ that exists and at facts the notice states.</summary>
public sealed class EvaluationNoticesTests
{
    [Fact]
    public void NewNotices_ImportCleanly_EightVendorsWithSectionsAndFaqs()
    {
        var batch = new NoticeImporter().ParseFiles([EvaluationSet.NoticesFolder]);

        Assert.True(batch.Succeeded, string.Join('\n', batch.Errors));
        Assert.True(batch.Notices.Count >= 8, $"{batch.Notices.Count} notices");
        Assert.True(batch.Notices.Select(n => n.Title.Split(':')[0]).Distinct().Count() >= 6, "at least 6 vendors");
        Assert.All(batch.Notices, n =>
        {
            Assert.True(n.Sections.Count >= 5, $"{n.Id} has {n.Sections.Count} sections");
            Assert.True(n.Faq.Count >= 2, $"{n.Id} has {n.Faq.Count} FAQ entries");
            Assert.NotNull(n.WindowStart);
            Assert.NotNull(n.ActionDeadline);
        });
    }

    [Fact]
    public void DevQuestions_PointAtExistingNoticesHeadingsFaqsAndFacts()
    {
        var notices = EvaluationSet.NewNotices().ToDictionary(n => n.Id, StringComparer.Ordinal);
        Assert.All(EvaluationSet.DevQuestions().Where(q => q.InScope), q =>
        {
            Assert.True(notices.TryGetValue(q.Notice!, out var notice), $"{q.Id}: no notice {q.Notice}");
            Assert.True(q.Context is null || notices.ContainsKey(q.Context), $"{q.Id}: no context notice {q.Context}");
            Assert.True(q.Section is null || HasSection(notice, q.Section), $"{q.Id}: {q.Notice} has no '{q.Section}'");
            var text = string.Join('\n', [notice.Title, notice.Body, .. notice.Faq.Select(f => f.Question + "\n" + f.Answer)]);
            Assert.All(q.Facts, alternatives => Assert.True(
                alternatives.Any(fact => AnswerScorer.Contains(string.Join(' ', text.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries)), fact)),
                $"{q.Id}: {q.Notice} does not state {string.Join(" ~ ", alternatives)}"));
        });
    }

    private static bool HasSection(Notice notice, string section) =>
        section.StartsWith("faq: ", StringComparison.Ordinal)
            ? notice.Faq.Any(f => f.Question == section[5..])
            : notice.Sections.Any(s => s.Heading == section);
}
