using System.Globalization;
using System.Text.RegularExpressions;

namespace ChangeBot.Testing.AnswerEvaluation;

/// <summary>What the bot said, as a user sees it: the answer text with times rendered (null when it says it
/// does not know) and the notice it names; with no answer, the part of that notice the reply pointed at and
/// that part's heading and text (<see cref="PointedText"/>), so a report can say whether the pointer helped, and
/// the sentences the reply quoted from it as a guess (<see cref="Excerpt"/>).</summary>
public sealed record EvaluatedAnswer(string? Text, string? NoticeId, string? Pointed = null, string? PointedText = null, string? Excerpt = null)
{
    public bool IsKnown => Text is not null;
}

/// <summary>Right; wrong (does not know, or the right notice without the asked fact); or false: an answer
/// from another notice than the one that holds it, or any answer to an out-of-scope question.</summary>
public enum Verdict { Right, Wrong, False }

/// <summary>The one scoring rule the dev test and the answers-eval benchmark share (issue 13).</summary>
public static partial class AnswerScorer
{
    public static Verdict Score(EvaluationQuestion question, EvaluatedAnswer answer)
    {
        if (!question.InScope)
        {
            return answer.IsKnown ? Verdict.False : Verdict.Right;
        }

        if (!answer.IsKnown)
        {
            return Verdict.Wrong;
        }

        if (!string.Equals(answer.NoticeId, question.Notice, StringComparison.Ordinal))
        {
            return Verdict.False;
        }

        var text = Normalize(answer.Text!);
        return question.Facts.All(alternatives => alternatives.Any(fact => Contains(text, fact))) ? Verdict.Right : Verdict.Wrong;
    }

    /// <summary>Whether a reply that did not answer pointed at the part of the right notice that holds every fact.</summary>
    public static bool PointedRight(EvaluationQuestion question, EvaluatedAnswer answer) =>
        question.InScope && !answer.IsKnown && answer.PointedText is { } text
        && string.Equals(answer.NoticeId, question.Notice, StringComparison.Ordinal)
        && question.Facts.All(alternatives => alternatives.Any(fact => Contains(Normalize(text), fact)));

    /// <summary>Whether a reply that did not answer quoted, as its guess, sentences of the right notice holding every fact.</summary>
    public static bool GuessedRight(EvaluationQuestion question, EvaluatedAnswer answer) =>
        question.InScope && !answer.IsKnown && answer.Excerpt is { } excerpt
        && string.Equals(answer.NoticeId, question.Notice, StringComparison.Ordinal)
        && question.Facts.All(alternatives => alternatives.Any(fact => Contains(Normalize(excerpt), fact)));

    /// <summary>Case-insensitive containment after collapsing white space; <c>date:YYYY-MM-DD</c> matches
    /// the date written as 2027-05-04, May 4, 4 May, Tue 4 May 2027 ... (the year may be left out).</summary>
    public static bool Contains(string normalizedText, string fact)
    {
        if (fact.StartsWith("date:", StringComparison.Ordinal))
        {
            var date = DateOnly.ParseExact(fact[5..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return DatePattern(date).IsMatch(normalizedText);
        }

        return normalizedText.Contains(Normalize(fact), StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(string text) => Spaces().Replace(text, " ");

    private static Regex DatePattern(DateOnly date)
    {
        var month = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(date.Month);
        var names = $"(?:{month}|{month[..3]})\\.?";
        var day = $"0?{date.Day}(?:st|nd|rd|th)?";
        var iso = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Regex($@"\b(?:{names} {day}\b|{day} {names}\b|{iso}\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
