using System.Text.RegularExpressions;
using ChangeBot.Core.Notices;

namespace ChangeBot.Testing.AnswerEvaluation;

/// <summary>
/// The first hour: a server holding one notice (the sample, or the first one support imports). Each question is
/// asked over a store holding only the notice it is about; an out-of-scope question over only the notice the
/// full store would have answered it from, had the bot answered at all (its trap: the closest other vendor's
/// notice). With one notice, nothing else competes, so this is where a question that names no vendor ("which
/// files do I add to my keystore?") must still be answered, and a question about another vendor still refused.
/// </summary>
public static class SingleNoticeScenario
{
    /// <summary>The questions grouped by the one notice each is asked over. <paramref name="fullStoreNotice"/>
    /// is the notice the full store's best passage came from (null: none). A thread question is kept only
    /// where its thread is that notice: in a one-notice store there is no other thread.</summary>
    public static IReadOnlyList<(Notice Notice, IReadOnlyList<EvaluationQuestion> Questions)> Group(
        IReadOnlyList<Notice> notices, IEnumerable<EvaluationQuestion> questions, Func<EvaluationQuestion, string?> fullStoreNotice)
    {
        var byId = notices.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var groups = new Dictionary<string, List<EvaluationQuestion>>(StringComparer.Ordinal);
        foreach (var question in questions)
        {
            var target = question.Notice ?? fullStoreNotice(question);
            if (target is null || !byId.ContainsKey(target) || (question.Context is { } thread && thread != target))
            {
                continue;
            }

            if (!groups.TryGetValue(target, out var list))
            {
                groups[target] = list = [];
            }

            list.Add(question);
        }

        return [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (byId[g.Key], (IReadOnlyList<EvaluationQuestion>)g.Value))];
    }

    /// <summary>
    /// The question as a customer of the only vendor there is would ask it: without the vendor's name
    /// ("Which certs must go into our keystore for Northwind payments?" becomes "… for payments?";
    /// "Northwind's new chain" becomes "the new chain"), id suffixed "~"; null when it names no vendor or is
    /// out of scope (without the name it would be about the one notice). The vendor is the first word of the
    /// notice's first product id, and the title's name before its colon when that starts with it.
    /// </summary>
    public static EvaluationQuestion? WithoutVendor(EvaluationQuestion question, Notice notice)
    {
        if (!question.InScope || notice.Products.Count == 0)
        {
            return null;
        }

        var vendor = notice.Products[0].Split('-')[0];
        var titleName = notice.Title.Split(':')[0].Trim();
        var names = new List<string>();
        if (titleName.StartsWith(vendor, StringComparison.OrdinalIgnoreCase) && titleName.Contains(' ', StringComparison.Ordinal))
        {
            names.Add(titleName);
        }

        names.Add(vendor);
        var text = question.Question;
        foreach (var name in names)
        {
            text = Regex.Replace(text, $@"\b{Regex.Escape(name)}'s\b", "the", RegexOptions.IgnoreCase);
            text = Regex.Replace(text, $@"\b{Regex.Escape(name)}\b\s*", "", RegexOptions.IgnoreCase);
        }

        // "… for Northwind to keep working" and "… renewing with Woodgrove?" lose the preposition too.
        text = Regex.Replace(text, @"\b(?:for|with|from|by|at|of|on)\s+(?=[?.,;!]|to\b)", "", RegexOptions.IgnoreCase);
        text = Regex.Replace(text, @"\bthe the\b", "the", RegexOptions.IgnoreCase).Trim();
        return text == question.Question ? null : question with { Id = question.Id + "~", Question = char.ToUpperInvariant(text[0]) + text[1..] };
    }
}
