using System.Globalization;
using System.Text.RegularExpressions;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Trims a long passage to the sentences that answer: each sentence (or list item) is scored by the
/// question's words it holds, weighted by how rare they are in the passage; the best one is kept with the
/// sentence before it when that introduces it (ends with a colon) and the ones after it while they fit.
/// A short passage is quoted whole.
/// </summary>
internal static partial class AnswerSentences
{
    /// <summary>Passages up to this long are quoted whole: trimming them would lose more than it saves.</summary>
    private const int QuoteWhole = 320;

    /// <summary>What a date adds to a sentence's score for a time question: more than any words can, so the
    /// answer is a sentence that gives a date, and the question's words choose among those.</summary>
    private const double DateBonus = 100;

    /// <summary>At most this many sentences are quoted.</summary>
    private const int MaxSentences = 3;

    public static string Select(string text, Question question, int max)
    {
        if (text.Length <= QuoteWhole)
        {
            return text;
        }

        var units = SentencePattern().Matches(text).Select(m => m.Value.Trim()).Where(u => u.Length > 0).ToList();
        if (units.Count <= 1 || question.AllTerms.Count == 0)
        {
            return QuestionAnswerer.Shorten(text, max);
        }

        var termsOfUnit = units.Select(u => QuestionAnalysis.Terms(u).ToHashSet(StringComparer.Ordinal)).ToList();
        var asked = question.AllTerms.Concat(question.Hints).Distinct(StringComparer.Ordinal).ToList();
        var scores = termsOfUnit.Select(terms => asked.Sum(t => terms.Contains(t)
            ? Math.Log(1.0 + ((double)units.Count / termsOfUnit.Count(o => o.Contains(t))))
            : 0)).ToList();
        if (question.Intent is QuestionIntent.When or QuestionIntent.Deadline)
        {
            // A time question is answered by the sentence that gives a date.
            scores = [.. scores.Select((score, i) => DatePattern().IsMatch(units[i]) ? score + DateBonus : score)];
        }

        var best = scores.IndexOf(scores.Max());
        if (scores[best] <= 0)
        {
            return QuestionAnswerer.Shorten(text, max);
        }

        var first = best > 0 && units[best - 1].EndsWith(':') ? best - 1 : best;
        var last = best;
        var length = units.Skip(first).Take(last - first + 1).Sum(u => u.Length + 1);
        while (last + 1 < units.Count && last - first + 1 < MaxSentences && length + units[last + 1].Length < max
            && (units[best].EndsWith(':') || units[last + 1].StartsWith('-') || units[last + 1].StartsWith('*') || scores[last + 1] > 0))
        {
            last++;
            length += units[last].Length + 1;
        }

        var selected = units.Skip(first).Take(last - first + 1).ToList();
        var joined = string.Join(selected.Any(u => u.StartsWith('-') || u.StartsWith('*')) ? "\n" : " ", selected);
        return QuestionAnswerer.Shorten(joined, max);
    }

    /// <summary>(month, day) of the dates written in the sentences of <paramref name="text"/> that hold one of
    /// <paramref name="terms"/>, or in all of them when <paramref name="heading"/> holds one.</summary>
    public static IEnumerable<(int Month, int Day)> DatesNear(string heading, string text, IReadOnlyList<string> terms)
    {
        // A heading naming the asked thing ("Brownouts before the retirement") covers every date below it.
        var wholePassage = QuestionAnalysis.Terms(heading).Any(terms.Contains);
        foreach (var unit in SentencePattern().Matches(text).Select(m => m.Value))
        {
            if (!wholePassage && !QuestionAnalysis.Terms(unit).Any(terms.Contains))
            {
                continue;
            }

            foreach (Match date in DatePattern().Matches(unit))
            {
                if (ParseMonthDay(date.Value) is { } monthDay)
                {
                    yield return monthDay;
                }
            }
        }
    }

    /// <summary>"2027-05-04", "May 4" or "4 May" as (5, 4).</summary>
    private static (int Month, int Day)? ParseMonthDay(string text)
    {
        if (text.Length == 10 && text[4] == '-')
        {
            return (int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(8, 2), CultureInfo.InvariantCulture));
        }

        var parts = text.Replace(".", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return null;
        }

        var (monthWord, dayWord) = char.IsDigit(parts[0][0]) ? (parts[1], parts[0]) : (parts[0], parts[1]);
        var month = Array.IndexOf(Months, monthWord[..3].ToLowerInvariant()) + 1;
        return month > 0 && int.TryParse(dayWord, CultureInfo.InvariantCulture, out var day) ? (month, day) : null;
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex(@"\b(\d{4}-\d{2}-\d{2}|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b|\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)")]
    private static partial Regex DatePattern();

    /// <summary>A sentence ends at . ! or ? followed by a space (not inside "e.g. " or a version like "1.2"),
    /// or at a line break; a list item is one unit.</summary>
    [GeneratedRegex(@"[^\n]+?(?:(?<!\be\.g|\bi\.e|\betc)[.!?](?=\s)|(?=\n)|$)", RegexOptions.Multiline)]
    private static partial Regex SentencePattern();
}
