using System.Globalization;
using ChangeBot.Core.Answers.Dense;

namespace ChangeBot.Core.Unanswered;

/// <summary>Questions that ask the same thing, newest first, with the notice most of them were asked under.</summary>
public sealed record QuestionGroup(IReadOnlyList<UnansweredQuestion> Questions, string? NoticeId)
{
    /// <summary>The newest wording, which support answers.</summary>
    public UnansweredQuestion Representative => Questions[0];
}

/// <param name="LeftOut">Questions not grouped because the newest <see cref="UnansweredGrouping.MaxQuestions"/> were
/// taken, or because <see cref="UnansweredGrouping.MaxGroups"/> groups already exist.</param>
public sealed record GroupedQuestions(IReadOnlyList<QuestionGroup> Groups, int LeftOut, bool ByMeaning);

/// <summary>
/// Groups unanswered questions by similarity, so support answers a question once however many people asked it.
/// With the answer index's sentence embedder, by meaning (cosine of the unit vectors); without one
/// (<c>Answers:Model=none</c>), by shared words. Leader clustering: each question joins the first group whose
/// first question is similar enough, else starts a group; bounded by <see cref="MaxQuestions"/> × <see cref="MaxGroups"/>
/// comparisons and one embedding batch.
/// </summary>
public sealed class UnansweredGrouping(ITextEmbedder? embedder = null)
{
    public const int MaxQuestions = 300;
    public const int MaxGroups = 100;

    /// <summary>Cosine at which two questions' embeddings mean the same question (paraphrases score above it,
    /// two questions about the same notice but different facts below).</summary>
    public const double MeaningThreshold = 0.75;

    /// <summary>Share of distinct words two questions must have in common (Jaccard) without an embedder.</summary>
    public const double TermsThreshold = 0.5;

    private static readonly HashSet<string> StopWords = new(
        ["a", "an", "the", "is", "are", "do", "does", "did", "we", "i", "you", "our", "my", "to", "of", "for", "in", "on",
         "at", "it", "this", "that", "be", "will", "what", "when", "how", "can", "need", "and", "or", "with", "about", "there"],
        StringComparer.Ordinal);

    public GroupedQuestions Group(IReadOnlyList<UnansweredQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var taken = questions.OrderByDescending(q => q.At).Take(MaxQuestions).ToList();
        var leftOut = questions.Count - taken.Count;
        Func<int, int, bool> similar;
        if (embedder is not null && taken.Count > 0)
        {
            var vectors = embedder.Embed([.. taken.Select(q => q.Question)]);
            similar = (i, j) => Dot(vectors[i], vectors[j]) >= MeaningThreshold;
        }
        else
        {
            var terms = taken.Select(q => Terms(q.Question)).ToList();
            similar = (i, j) => Jaccard(terms[i], terms[j]) >= TermsThreshold;
        }

        var leaders = new List<int>();
        var members = new List<List<int>>();
        for (var i = 0; i < taken.Count; i++)
        {
            var group = leaders.FindIndex(l => similar(l, i));
            if (group >= 0)
            {
                members[group].Add(i);
            }
            else if (leaders.Count < MaxGroups)
            {
                leaders.Add(i);
                members.Add([i]);
            }
            else
            {
                leftOut++;
            }
        }

        var groups = members.Select(m => m.Select(i => taken[i]).ToList())
            .Select(qs => new QuestionGroup(qs, qs.Where(q => q.NoticeId is not null).GroupBy(q => q.NoticeId, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()))
            .OrderByDescending(g => g.Questions.Count).ThenByDescending(g => g.Representative.At).ToList();
        return new GroupedQuestions(groups, leftOut, embedder is not null);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var k = 0; k < Math.Min(a.Length, b.Length); k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    /// <summary>Lower-case words without stop words, a trailing plural "s" dropped.</summary>
    internal static HashSet<string> Terms(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var lower = text.ToLower(CultureInfo.InvariantCulture);
        var separators = lower.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray();
        foreach (var raw in lower.Split(separators))
        {
            if (raw.Length == 0 || StopWords.Contains(raw))
            {
                continue;
            }

            words.Add(raw.Length > 3 && raw.EndsWith('s') && !raw.EndsWith("ss", StringComparison.Ordinal) ? raw[..^1] : raw);
        }

        return words;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }
}
