using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Answers;

/// <summary>
/// The named things notices are about (products, environments, endpoint hostnames, certificate names, the
/// proper names in titles), so a question naming one is answered only from a notice that names it too:
/// a question about vendor A is never answered from vendor B's notice because their words overlap.
/// </summary>
internal sealed partial class Grounding
{
    /// <summary>Names shorter than this are too ambiguous to ground on ("EU", "v2").</summary>
    private const int MinLength = 3;

    private readonly Dictionary<string, string> _entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _vocabulary = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Notice> _notices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _noticeTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _noticesWithTerm = new(StringComparer.Ordinal);

    public Grounding(IEnumerable<Notice> notices)
    {
        foreach (var notice in notices)
        {
            var facts = FactsOf.GetValue(notice, NoticeFacts.Of);
            _notices[notice.Id] = notice;
            _vocabulary.UnionWith(facts.Words);
            _noticeTerms[notice.Id] = facts.Terms;
            foreach (var term in facts.Terms)
            {
                _noticesWithTerm[term] = _noticesWithTerm.GetValueOrDefault(term) + 1;
            }

            foreach (var entity in facts.Entities)
            {
                _entities.TryAdd(entity, entity);
            }
        }
    }

    /// <summary>What one notice contributes, read once per notice version (notices are immutable records):
    /// the catalogue is rebuilt after every change, and re-reading thousands of unchanged notices' text
    /// (regular expressions, stemming) would make the first question after each change slow. Words and terms
    /// are <see cref="SharedStrings"/>: thousands of notices hold one copy of each word they share.</summary>
    private static readonly ConditionalWeakTable<Notice, NoticeFacts> FactsOf = new();

    private sealed record NoticeFacts(string[] Words, HashSet<string> Terms, string[] Entities)
    {
        public static NoticeFacts Of(Notice notice)
        {
            var text = FullText(notice);
            var words = new List<string>();
            foreach (var match in WordPattern().EnumerateMatches(text))
            {
                words.Add(SharedStrings.Words.Share(text.AsSpan(match.Index, match.Length)));
            }

            return new NoticeFacts(
                [.. words.Distinct(StringComparer.OrdinalIgnoreCase)],
                QuestionAnalysis.Terms(text).Select(SharedStrings.Words.Share).ToHashSet(StringComparer.Ordinal),
                [.. Grounding.Entities(notice)]);
        }
    }

    /// <summary>What the question names: entities of some notice, and proper names or hostnames no notice uses.</summary>
    public (IReadOnlyList<string> Known, IReadOnlyList<string> Unknown) Named(string question)
    {
        // One question is looked at several times while it is answered (confidence, then grounding).
        if (_last is { } last && ReferenceEquals(last.Question, question))
        {
            return (last.Known, last.Unknown);
        }

        var named = Find(question);
        _last = new NamedIn(question, named.Known, named.Unknown);
        return named;
    }

    private sealed record NamedIn(string Question, IReadOnlyList<string> Known, IReadOnlyList<string> Unknown);

    private volatile NamedIn? _last;

    private (IReadOnlyList<string> Known, IReadOnlyList<string> Unknown) Find(string question)
    {
        var known = _entities.Keys.Where(e => Mentions(question, e)).ToList();
        // "TLS 1.2" is named, not "TLS" and "1.2" separately: keep the longest of overlapping names.
        known = [.. known.Where(e => !known.Any(o => o.Length > e.Length && Mentions(o, e)))];
        var unknown = new List<string>();
        foreach (Match host in HostPattern().Matches(question))
        {
            if (!known.Any(k => string.Equals(k, host.Value, StringComparison.OrdinalIgnoreCase)))
            {
                unknown.Add(host.Value);
            }
        }

        // A capitalised word no notice uses at all names something none covers ("Okta", "WhatsApp"), unless
        // it is a shortening or lengthening of a word they do use ("Postgres" for "PostgreSQL").
        foreach (Match name in ProperNamePattern().Matches(question))
        {
            foreach (var word in name.Value.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.Length >= MinLength && !_vocabulary.Contains(word) && !IsVariant(word) && !GeneralNames.Contains(word)
                    && !known.Any(k => Mentions(k, word)) && !unknown.Any(u => Mentions(u, word)))
                {
                    unknown.Add(word);
                }
            }
        }

        return (known, unknown);
    }

    /// <summary>"Postgres" for "PostgreSQL": one starts with the other, which is most of it ("What" is not
    /// a variant of "WhatsApp").</summary>
    /// <summary>
    /// 0..1: the share of the question's words that other notices use but this one never does ("rate
    /// limits" asked of a notice about certificates, when another notice is about rate limits). Words no
    /// notice uses (a paraphrase's own wording) do not count against it.
    /// </summary>
    public double ForeignShare(string noticeId, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || !_noticeTerms.TryGetValue(noticeId, out var own))
        {
            return 0;
        }

        var foreign = terms.Count(t => !own.Contains(t) && _noticesWithTerm.GetValueOrDefault(t) > 0);
        return (double)foreign / terms.Count;
    }

    /// <summary>0..1: the share of the question's words no notice uses at all ("versioning" asked of notices
    /// that never speak of it): a paraphrase has some, a question about something else has many.</summary>
    public double NovelShare(IReadOnlyList<string> terms) =>
        terms.Count == 0 ? 0 : (double)terms.Count(t => _noticesWithTerm.GetValueOrDefault(t) == 0) / terms.Count;

    /// <summary>Also a plural of a word the notices use ("CAs" for "CA").</summary>
    private bool IsVariant(string word) =>
        (word.EndsWith('s') && word.Length > MinLength && _vocabulary.Contains(word[..^1]))
        || (word.Length >= 5 && _vocabulary.Any(v => v.Length >= 5
        && (v.StartsWith(word, StringComparison.OrdinalIgnoreCase) || word.StartsWith(v, StringComparison.OrdinalIgnoreCase))
        && Math.Min(v.Length, word.Length) >= 0.6 * Math.Max(v.Length, word.Length)));

    /// <summary>Capitalised words that name no vendor, product or host (regions, formats, days and months):
    /// "from Europe" or "a JSON feed" is a paraphrase's own wording, not something no notice covers.</summary>
    private static readonly HashSet<string> GeneralNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Europe", "European", "America", "American", "Americas", "Asia", "Asian", "Africa", "Australia", "Pacific",
        "JSON", "XML", "CSV", "YAML", "HTTP", "HTTPS", "REST", "URL", "URLs", "SDK", "CLI", "PDF",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    };

    /// <summary>Whether the notice's own text (<see cref="FullText"/>) names <paramref name="entity"/>. Read from the
    /// notice's parts rather than kept joined (a second copy of every notice): a name without a line break can only
    /// be found within one part, and the line break that joins them bounds a name as the part's start or end does.</summary>
    public bool Covers(string noticeId, string entity) =>
        _notices.TryGetValue(noticeId, out var notice)
        && (entity.Contains('\n', StringComparison.Ordinal) ? Mentions(FullText(notice), entity) : TextParts(notice).Any(part => Mentions(part, entity)));

    private static IEnumerable<string> Entities(Notice notice)
    {
        IEnumerable<string> names = [.. notice.Products, .. notice.Environments,
            .. notice.Endpoints.SelectMany(e => new[] { e.Current, e.Test }).OfType<string>().Select(Host),
            .. new[] { notice.Certificates?.Root?.Subject, notice.Certificates?.Intermediate?.Subject }.OfType<string>().SelectMany(CertificateNames),
            .. TitleNames(notice.Title)];
        return names.Select(n => n.Trim()).Where(n => n.Length >= MinLength).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The title's capitalised words and acronyms, each and as runs: "Contoso", "SAML", "Azure SQL".
    /// The first word counts too: titles usually start with the vendor's name.</summary>
    private static IEnumerable<string> TitleNames(string title)
    {
        foreach (Match run in TitleNamePattern().Matches(title))
        {
            var words = run.Value.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var word in words.Where(w => !CommonTitleWords.Contains(w)))
            {
                yield return word;
            }

            if (words.Length > 1)
            {
                yield return run.Value;
            }
        }
    }

    /// <summary>"CN=Contoso Issuing CA 2, O=Contoso" gives "Contoso Issuing CA 2" and "Contoso".</summary>
    private static IEnumerable<string> CertificateNames(string subject) =>
        subject.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() is "CN" or "O").Select(p => p[1].Trim());

    private static string Host(string endpoint) => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Host : endpoint.Split(':', '/')[0];

    private static string FullText(Notice notice) => string.Join('\n', TextParts(notice));

    private static IEnumerable<string> TextParts(Notice notice) => [notice.Title, notice.Body,
        .. notice.Products, .. notice.Environments, .. notice.Tags,
        .. notice.Endpoints.SelectMany(e => new[] { e.Name, e.Current, e.Test }).OfType<string>(),
        .. new[] { notice.Certificates?.Root?.Subject, notice.Certificates?.Intermediate?.Subject }.OfType<string>(),
        .. notice.Faq.SelectMany(f => new[] { f.Question, f.Answer })];

    private static bool Mentions(string text, string name)
    {
        var at = 0;
        while ((at = text.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + name.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            at = end;
        }

        return false;
    }

    private static readonly HashSet<string> CommonTitleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "The", "New", "Planned", "Scheduled", "Maintenance", "Change", "Update", "Certificate", "Migration", "Upgrade",
        "Deprecation", "Rotation", "Notice", "Service", "Services", "API", "Root", "Intermediate", "Renewal", "End",
        "Action", "Required", "Important", "Reminder", "Updated", "Upcoming", "Major", "Version", "Period",
    };

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b[a-z0-9][a-z0-9\-]*(\.[a-z0-9\-]+)+\.[a-z]{2,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}\p{N}]+(?:[ \-]\p{Lu}[\p{L}\p{N}]+)*")]
    private static partial Regex TitleNamePattern();

    /// <summary>A capitalised word (or acronym) that does not start a sentence.</summary>
    [GeneratedRegex(@"(?<=[\p{L}\p{N},;:'""(] )\p{Lu}[\p{L}\p{N}]+(?:[ \-]\p{Lu}[\p{L}\p{N}]+)*")]
    private static partial Regex ProperNamePattern();
}
