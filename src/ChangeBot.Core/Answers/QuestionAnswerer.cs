using System.Text;
using ChangeBot.Core.Notices;
using Lucene.Net.Search;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Turns a parsed question into an answer: schedule intents from the notice's fields, otherwise the FAQ
/// entry when it matches well, else the best passage; "unknown" below the confidence threshold.
/// </summary>
internal sealed class QuestionAnswerer(
    AnswerOptions options, IReadOnlyDictionary<string, Notice> notices, Func<IReadOnlyList<Notice>> current)
{
    /// <summary>A question with no topic of its own ("what should I do?") is only answered where the
    /// notice is clear: in its thread, or when there is only one.</summary>
    private const double NoTopicConfidence = 0.5;

    /// <summary>At most this many notices are listed for a schedule question that names none.</summary>
    private const int MaxListed = 5;

    /// <summary>Rank added to a well-matching FAQ entry; see <see cref="PassageSearcher"/> for the rank's scale.</summary>
    private const double FaqBonus = 0.5;

    public Answer Ask(IndexSearcher searcher, Question question, string? contextNoticeId)
    {
        if (contextNoticeId is not null && notices.GetValueOrDefault(contextNoticeId) is { } context)
        {
            var inContext = AnswerFrom(searcher, question, context);
            if (inContext.IsKnown)
            {
                return inContext;
            }
        }

        return AnswerFrom(searcher, question, null);
    }

    private Answer AnswerFrom(IndexSearcher searcher, Question question, Notice? scope)
    {
        if (question.Intent != QuestionIntent.None && ScheduleAnswer(searcher, question, scope) is { } schedule)
        {
            return schedule;
        }

        var hits = PassageSearcher.Search(searcher, question.Terms, question.Hints, scope?.Id, options.Candidates, question.AllTerms);
        if (hits.Count == 0)
        {
            return Answer.Unknown(0);
        }

        // Support's own answer wins when the question is a paraphrase of the FAQ's question.
        var best = hits.MaxBy(h => h.FaqQuestionCoverage >= options.FaqMinConfidence ? h.Rank + FaqBonus : h.Rank)!;

        var confidence = question.Terms.Count > 0 ? best.Coverage : TopicFreeConfidence(scope);
        if (confidence < options.MinConfidence)
        {
            return Answer.Unknown(confidence, best.Passage.NoticeId);
        }

        var notice = notices.GetValueOrDefault(best.Passage.NoticeId);
        var passage = best.Passage;
        var source = passage.Kind switch
        {
            PassageKind.Faq => AnswerSource.Faq,
            PassageKind.Summary => AnswerSource.Summary,
            _ => AnswerSource.Section,
        };
        return new Answer(Shorten(passage.Text, options.MaxAnswerLength), passage.NoticeId, notice?.Title, source, confidence, passage.Heading);
    }

    /// <summary>"When", "by when", "downtime?": find the notice the question means, then read its fields.
    /// Null when the notice lacks the field, so the prose is searched instead.</summary>
    private Answer? ScheduleAnswer(IndexSearcher searcher, Question question, Notice? scope)
    {
        // Words such as "maintenance" or "downtime" only restate the intent; the rest names the notice.
        var topic = question.Terms.Where(t => !QuestionAnalysis.IntentTerms.Contains(t)).ToList();
        Notice? notice;
        double confidence;
        if (topic.Count == 0)
        {
            if (scope is null && Single() is null)
            {
                return ListSchedules(question.Intent);
            }

            notice = scope ?? Single();
            confidence = 1;
        }
        else
        {
            var hits = PassageSearcher.Search(searcher, topic, [], scope?.Id, options.Candidates);
            if (hits.Count == 0 || hits[0].Coverage < options.MinConfidence)
            {
                return null;
            }

            notice = notices.GetValueOrDefault(hits[0].Passage.NoticeId);
            confidence = hits[0].Coverage;
        }

        return notice is not null && ScheduleAnswers.For(notice, question.Intent) is { } found
            ? new Answer(found.Text, notice.Id, notice.Title, found.Source, confidence)
            : null;
    }

    /// <summary>"Is there downtime?" with several notices and no thread: list what is coming.</summary>
    private Answer? ListSchedules(QuestionIntent intent)
    {
        var lines = current()
            .Select(n => ScheduleAnswers.For(n, intent)?.Text)
            .OfType<string>()
            .Take(MaxListed)
            .ToList();
        return lines.Count == 0
            ? null
            : new Answer(string.Join('\n', lines.Select(l => "• " + l)), null, null, ScheduleSource(intent), 1);
    }

    /// <summary>Notices people are preparing for: in progress first, then by window start.</summary>
    public static IReadOnlyList<Notice> Current(IEnumerable<Notice> notices) =>
    [
        .. notices
            .Where(n => n.State is NoticeState.Published or NoticeState.InProgress)
            .OrderBy(n => n.State == NoticeState.InProgress ? 0 : 1)
            .ThenBy(n => n.WindowStart ?? n.ActionDeadline ?? DateTimeOffset.MaxValue),
    ];

    private static AnswerSource ScheduleSource(QuestionIntent intent) => intent switch
    {
        QuestionIntent.Deadline => AnswerSource.Deadline,
        QuestionIntent.Downtime => AnswerSource.Downtime,
        _ => AnswerSource.Schedule,
    };

    private Notice? Single() => notices.Count == 1 ? notices.Values.FirstOrDefault() : null;

    private double TopicFreeConfidence(Notice? scope) => scope is not null || Single() is not null ? 1 : NoTopicConfidence;

    /// <summary>Keeps answers readable in chat: whole paragraphs or sentences up to <paramref name="max"/>.</summary>
    internal static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf("\n\n", max, StringComparison.Ordinal);
        if (cut < max / 3)
        {
            cut = text.LastIndexOf(". ", max, StringComparison.Ordinal) + 1;
        }

        if (cut < max / 3)
        {
            cut = max;
        }

        return new StringBuilder(text, 0, cut, cut + 2).Append(" …").ToString().Trim();
    }
}
