using System.Globalization;
using System.Text.RegularExpressions;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Trims a long passage to the sentences that answer: each sentence (or list item, or a sentence introducing a
/// list together with its items) is scored by the question's words it holds, weighted by how rare they are in
/// the passage; the best one is kept with the sentence before it when that introduces it (ends with a colon)
/// and the ones after it that also hold asked words, while they fit.
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

    /// <summary>With a model, how much a sentence's cosine with the question (0..1) adds to its keyword score
    /// (scaled to 0..1): a paraphrase shares few words with the sentence that answers it.</summary>
    private const double MeaningWeight = 1;

    /// <param name="meaning">The cosine of the question with each of <see cref="Blocks"/>, when a model is loaded.</param>
    public static string Select(string text, Question question, int max, IReadOnlyList<float>? meaning = null)
    {
        if (text.Length <= QuoteWhole)
        {
            return text;
        }

        var blocks = Blocks(text);
        if (blocks.Count <= 1 || question.AllTerms.Count == 0)
        {
            return QuestionAnswerer.Shorten(text, max);
        }

        var termsOfBlock = blocks.Select(b => QuestionAnalysis.Terms(b.Text).ToHashSet(StringComparer.Ordinal)).ToList();
        var asked = question.AllTerms.Concat(question.Hints).Distinct(StringComparer.Ordinal).ToList();
        var scores = termsOfBlock.Select(terms => asked.Sum(t => terms.Contains(t)
            ? Math.Log(1.0 + ((double)blocks.Count / termsOfBlock.Count(o => o.Contains(t))))
            : 0)).ToList();
        var lexical = scores.ToList();
        if (meaning is not null && meaning.Count == blocks.Count)
        {
            var top = Math.Max(scores.Max(), 1e-9);
            scores = [.. scores.Select((score, i) => (score / top) + (MeaningWeight * meaning[i]))];
        }

        if (question.Intent is QuestionIntent.When or QuestionIntent.Deadline)
        {
            // A time question is answered by the sentence that gives a date.
            scores = [.. scores.Select((score, i) => DatePattern().IsMatch(blocks[i].Text) ? score + DateBonus : score)];
        }

        var best = scores.IndexOf(scores.Max());
        if (scores[best] <= 0)
        {
            return QuestionAnswerer.Shorten(text, max);
        }

        var first = best > 0 && blocks[best - 1].Text.EndsWith(':') ? best - 1 : best;
        var last = best;
        var length = blocks.Skip(first).Take(last - first + 1).Sum(b => b.Text.Length + 1);
        // A sub-heading says what follows it; alone it answers nothing, so what is under it comes along.
        var introduces = blocks[best].Text.EndsWith(':') || blocks[best].IsHeading;
        while (last + 1 < blocks.Count && last - first + 1 < MaxSentences && length + blocks[last + 1].Text.Length < max
            && !blocks[last + 1].IsHeading
            && (introduces || (blocks[best].IsList && blocks[last + 1].IsList) || lexical[last + 1] > 0))
        {
            last++;
            length += blocks[last].Text.Length + 1;
        }

        var selected = blocks.Skip(first).Take(last - first + 1).ToList();
        if (selected.Count > 1 && selected[0].IsHeading)
        {
            selected[0] = selected[0] with { Text = selected[0].Text + ":" };
        }

        var joined = string.Join(selected.Any(b => b.IsList) ? "\n" : " ", selected.Select(b => b.Text));
        return QuestionAnswerer.Shorten(joined, max);
    }

    /// <summary>What sentences are chosen among: each prose sentence, and a sentence that introduces a list
    /// (ends with a colon) together with its items ("new ranges: - EU West: … - US East: …"), so the facts
    /// the list holds are scored with the words that say what they are.</summary>
    /// <param name="IsHeading">A line standing alone without closing punctuation: a sub-heading of the section
    /// ("### Download the bundle" reads as "Download the bundle").</param>
    internal sealed record Block(string Text, bool IsList, bool IsHeading = false);

    internal static List<Block> Blocks(string text)
    {
        // Lines first: a list item (-, *, 1.) with its indented continuation lines is one unit; prose lines
        // of a paragraph are joined and split into sentences.
        var units = new List<(string Text, bool Item)>();
        var headings = new HashSet<int>();
        var paragraph = new List<string>();
        void FlushParagraph()
        {
            if (paragraph.Count == 1 && HeadingPattern().IsMatch(paragraph[0]))
            {
                headings.Add(units.Count);
            }

            if (paragraph.Count > 0)
            {
                units.AddRange(SentencePattern().Matches(string.Join(' ', paragraph)).Select(m => m.Value.Trim()).Where(u => u.Length > 0).Select(u => (u, false)));
                paragraph.Clear();
            }
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                FlushParagraph();
            }
            else if (ListItemPattern().IsMatch(line))
            {
                FlushParagraph();
                units.Add((line, true));
            }
            else if (paragraph.Count == 0 && units.Count > 0 && units[^1].Item && char.IsWhiteSpace(raw[0]))
            {
                units[^1] = (units[^1].Text + " " + line, true);
            }
            else
            {
                paragraph.Add(line);
            }
        }

        FlushParagraph();
        var blocks = new List<Block>();
        for (var i = 0; i < units.Count; i++)
        {
            if (!units[i].Item && units[i].Text.EndsWith(':') && i + 1 < units.Count && units[i + 1].Item)
            {
                var items = new List<string> { units[i].Text };
                while (i + 1 < units.Count && units[i + 1].Item)
                {
                    items.Add(units[++i].Text);
                }

                blocks.Add(new Block(string.Join('\n', items), true));
            }
            else
            {
                blocks.Add(new Block(units[i].Text, units[i].Item, headings.Contains(i)));
            }
        }

        return blocks;
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

    /// <summary>A short line that closes no sentence: a sub-heading.</summary>
    [GeneratedRegex(@"^(?:\S+\s+){0,14}\S*[\p{L}\p{N})]$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^([-*]|\d{1,2}[.)])\s")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"\b(\d{4}-\d{2}-\d{2}|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b|\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)")]
    private static partial Regex DatePattern();

    /// <summary>A sentence ends at . ! or ? followed by a space (not inside "e.g. " or a version like "1.2"),
    /// or at a line break; a list item is one unit.</summary>
    [GeneratedRegex(@"[^\n]+?(?:(?<!\be\.g|\bi\.e|\betc)[.!?](?=\s)|(?=\n)|$)", RegexOptions.Multiline)]
    private static partial Regex SentencePattern();
}
