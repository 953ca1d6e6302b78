using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Util;

namespace ChangeBot.Core.Answers;

/// <summary>What a question asks for: its content terms (what it is about) and its intent.</summary>
/// <param name="Terms">Stemmed content terms; the confidence is the share of these an answer covers.</param>
/// <param name="Hints">Extra terms that steer ranking toward the kind of passage the intent wants
/// ("what do I need to do" → the action section) without counting toward the confidence.</param>
/// <param name="AllTerms">The content terms before intent phrases were stripped; an FAQ question must match
/// these to count as a paraphrase ("how can I test TLS 1.2" is not "which Java versions support TLS 1.2").</param>
/// <param name="Now">The question asks about the present ("right now", "at the moment").</param>
internal sealed record Question(string Text, IReadOnlyList<string> Terms, QuestionIntent Intent, IReadOnlyList<string> Hints, IReadOnlyList<string> AllTerms, bool Now = false);

/// <summary>Schedule intents are answered from the notice's structured fields, not its prose.</summary>
internal enum QuestionIntent { None, When, Deadline, Downtime }

internal static partial class QuestionAnalysis
{
    // Words that carry no topic in a question ("what do I need to know about ..."): dropped from the
    // terms so "when is the maintenance?" is about "maintenance" only.
    private static readonly string[] QuestionWords =
    [
        "what", "whats", "when", "where", "which", "who", "whom", "whose", "why", "how", "do", "does", "did",
        "doing", "done", "can", "could", "should", "would", "may", "might", "shall", "i", "im", "me", "my", "mine",
        "we", "us", "our", "ours", "you", "your", "am", "been", "being", "have", "has", "had", "having", "any",
        "anything", "about", "please", "know", "tell", "get", "got", "here", "so", "some", "its", "also", "just",
        "hi", "hello", "hey", "thanks", "thank", "ok", "okay", "yes", "now", "there", "going", "happening",
        "s", "t", "don", "doesn", "isn", "aren", "won", "want", "wondering", "question", "someone", "explain",
        "don't", "doesn't", "didn't", "isn't", "aren't", "won't", "can't", "cannot", "wouldn't", "shouldn't",
        "i'm", "i've", "i'll", "we're", "we've", "we'll", "what's", "when's", "there's", "it's", "during",
        "while", "within", "still", "really", "exactly", "need", "needs", "needed", "cause", "causes", "caused", "come", "comes", "coming", "from", "up", "via",
    ];

    private static readonly CharArraySet StopWords = BuildStopWords();

    private static readonly Analyzer Analyzer = NoticeAnalysis.Plain(StopWords);

    // Hints keep words like "why" and "how" that a section heading ("Why are you …?") carries.
    private static readonly Analyzer HintAnalyzer = NoticeAnalysis.Plain(StopAnalyzer.ENGLISH_STOP_WORDS_SET);

    // Phrases that say what kind of passage is wanted. Their words are hints, not topic: "what do I need
    // to do" is about the action section, not about the word "need". Stripped phrases leave the topic.
    private static readonly (Regex Pattern, string Hints, bool Strip)[] HintRules =
    [
        (ActionPattern(), "action must take required steps prepare", true),
        (TestPhrasePattern(), "how test endpoint prior", true),
        (TestPattern(), "test endpoint prior", false),
        (ConsequencePattern(), "happens no action unable connect", true),
        (ImpactPattern(), "who impact affected", true),
        (ReasonPattern(), "why purpose reason changing", true),
    ];

    public static Question Parse(string text)
    {
        var lower = text.ToLowerInvariant();
        // "If we ignore the deadline, what stops working?" asks what happens, not when: a consequence question
        // is answered from the prose even when it names a date.
        var intent = ConsequencePattern().IsMatch(lower) ? QuestionIntent.None
            : DeadlinePattern().IsMatch(lower) ? QuestionIntent.Deadline
            : DowntimePattern().IsMatch(lower) ? QuestionIntent.Downtime
            : WhenPattern().IsMatch(lower) ? QuestionIntent.When
            : QuestionIntent.None;
        var hints = new List<string>();
        var topic = lower;
        foreach (var (pattern, hintWords, strip) in HintRules)
        {
            if (pattern.IsMatch(topic))
            {
                hints.AddRange(NoticeAnalysis.Terms(HintAnalyzer, hintWords).Except(hints));
                topic = strip ? pattern.Replace(topic, " ") : topic;
            }
        }

        // "right now" says when, not what: "is there an outage right now?" names no notice.
        var now = NowPattern().IsMatch(topic);
        topic = NowPattern().Replace(topic, " ");
        return new Question(text, Terms(topic), intent, hints, Terms(text), now);
    }

    /// <summary>The stemmed content terms of <paramref name="text"/>, question words removed.</summary>
    public static IReadOnlyList<string> Terms(string text) => NoticeAnalysis.Terms(Analyzer, text);

    /// <summary>Terms that only restate a schedule intent ("when is the window", "is there downtime"); they
    /// say nothing about which notice is meant.</summary>
    public static IReadOnlySet<string> IntentTerms { get; } = new HashSet<string>(Terms(
        "time date day schedule scheduled window maintenance change start end begin finish deadline due cutoff " +
        "act downtime outage interruption disruption offline unavailable down expected long happen take place effect"),
        StringComparer.Ordinal);

    private static CharArraySet BuildStopWords()
    {
        var set = new CharArraySet(NoticeAnalysis.Version, StopAnalyzer.ENGLISH_STOP_WORDS_SET.Count + QuestionWords.Length, ignoreCase: true);
        foreach (var word in StopAnalyzer.ENGLISH_STOP_WORDS_SET)
        {
            set.Add(word);
        }

        foreach (var word in QuestionWords)
        {
            set.Add(word);
        }

        return set.AsReadOnly();
    }

    [GeneratedRegex(@"\b(deadline|due|by when|until when|cut-?off|how long do (i|we) have|last (day|date)|latest (date|time)|when (do|must|should|shall) (i|we)|(act|done|ready|finished|completed?) by)\b")]
    private static partial Regex DeadlinePattern();

    [GeneratedRegex(@"\b(downtime|outages?|interruptions?|interrupted|unavailable|offline|go(es|ing)? down|be down|(is|are) (anything|something|everything|it|you) down|service disruptions?)\b")]
    private static partial Regex DowntimePattern();

    [GeneratedRegex(@"\b(right now|currently|at the moment|at present|as we speak|at this (moment|time))\b")]
    private static partial Regex NowPattern();

    [GeneratedRegex(@"^\s*(when|what time|what date|which (day|date))\b|\b(when (is|are|does|will|do the|was)|what time|what date|which day|start time|end time|how long (will|does|is)|scheduled?|what day)\b")]
    private static partial Regex WhenPattern();

    [GeneratedRegex(@"\bwhat (do|should|must|shall|can) (i|we) (need to |have to )?do\b|\bwhat (action|actions|steps)\b|\bwhat is (required|needed)\b|\bhow (do|can|should) (i|we) prepare\b|\bwhat needs to be done\b|\baction required\b")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"\bhow (can|do|could|should) (i|we) (test|try|check|verify|validate)\b|\btest (endpoint|url|host)\b")]
    private static partial Regex TestPhrasePattern();

    [GeneratedRegex(@"\b(test|try|verify|validate)\b.*\b(before|early|ahead|prior|advance|now)\b")]
    private static partial Regex TestPattern();

    [GeneratedRegex(@"\bwhat happens if\b|\bwhat if (i|we)\b|\b(don't|do not|didn't|did not|fail to|forget to|not) (do|act|update|take|install|change)\b|\bno action\b|\bdo nothing\b|\bignore\b")]
    private static partial Regex ConsequencePattern();

    [GeneratedRegex(@"\b(am i|are we|will (i|we) be|is my|are my|who is|who will be|is anyone) (be )?(affected|impacted)\b|\b(does|will) (this|it|the change) (affect|impact)\b|\bhow (will|does) (this|it|the change) (affect|impact)\b")]
    private static partial Regex ImpactPattern();

    [GeneratedRegex(@"^\s*why\b|\bwhat is the (reason|purpose)\b|\bwhy (is|are|do|does)\b")]
    private static partial Regex ReasonPattern();
}
