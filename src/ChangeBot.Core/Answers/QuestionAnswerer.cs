using System.Text;
using System.Text.RegularExpressions;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Notices;
using Lucene.Net.Search;

namespace ChangeBot.Core.Answers;

/// <summary>
/// Turns a parsed question into an answer: schedule intents from the notice's fields, otherwise the FAQ
/// entry when it matches well, else the best passage; "unknown" below the confidence threshold. With a
/// model, passages found by keywords (BM25 re-ranked by coverage) and by meaning (cosine) are fused by
/// reciprocal rank; an answer whose notice does not name what the question names is refused (grounding).
/// </summary>
internal sealed class QuestionAnswerer(
    AnswerOptions options, IReadOnlyDictionary<string, Notice> notices, Func<IReadOnlyList<Notice>> current,
    DenseIndex? dense = null, Func<Grounding>? grounding = null)
{
    /// <summary>Reciprocal rank fusion's constant (60 in the original paper and in Elasticsearch).</summary>
    private const int FusionK = 60;

    /// <summary>At most this many notices are named when a question names something no notice covers.</summary>
    private const int MaxClosest = 3;

    /// <summary>A question with no topic of its own ("what should I do?") is only answered where the
    /// notice is clear: in its thread, or when there is only one.</summary>
    private const double NoTopicConfidence = 0.5;

    /// <summary>At most this many notices are listed for a schedule question that names none.</summary>
    private const int MaxListed = 5;

    /// <summary>Rank added to a well-matching FAQ entry; see <see cref="PassageSearcher"/> for the rank's scale.</summary>
    private const double FaqBonus = 0.5;

    public Answer Ask(IndexSearcher searcher, Question question, string? contextNoticeId)
    {
        var vector = dense?.EmbedQuestion(question.Text);
        if (contextNoticeId is not null && notices.GetValueOrDefault(contextNoticeId) is { } context)
        {
            var inContext = AnswerFrom(searcher, question, vector, context);
            if (inContext.IsKnown)
            {
                return MarkPast(inContext);
            }
        }

        return MarkPast(AnswerFrom(searcher, question, vector, null));
    }

    /// <summary>An answer from a completed or cancelled notice carries that fact, so the reply does not
    /// present its dates ("act before …") as current; so does "I don't know" naming a completed closest notice.</summary>
    private Answer MarkPast(Answer answer) =>
        (answer.IsKnown || answer.NoticeTitle is not null) && answer.NoticeId is { } id && notices.GetValueOrDefault(id) is { State: NoticeState.Completed or NoticeState.Cancelled } notice
            ? answer with { Past = new PastNotice(notice.State, notice.WindowEnd) }
            : answer;

    private static bool IsCurrent(Notice? notice) => notice?.State is NoticeState.Published or NoticeState.InProgress;

    private Answer AnswerFrom(IndexSearcher searcher, Question question, float[]? vector, Notice? scope)
    {
        var answer = Unground(searcher, question, vector, scope);
        // A question naming something no notice uses ("Okta") is told so, also when the answer was too
        // weak to give anyway.
        var namesUnknown = grounding is not null && grounding().Named(question.Text).Unknown.Count > 0;
        return (answer.IsKnown || namesUnknown) && answer.NoticeId is { } id ? Ground(answer, id, question, searcher, vector) : answer;
    }

    private Answer Unground(IndexSearcher searcher, Question question, float[]? vector, Notice? scope)
    {
        if (question.Intent != QuestionIntent.None && ScheduleAnswer(searcher, question, scope) is { } schedule)
        {
            return schedule;
        }

        var candidates = Candidates(searcher, question, vector, scope?.Id);
        if (candidates.Count == 0)
        {
            return Answer.Unknown(0);
        }

        // Past notices (and drafts) are a fallback: current ones are weighed first without them, so the past twin of
        // a current notice (this month's maintenance worded as last month's, the demo's copy of the sample) neither
        // takes its questions nor, by matching as well, makes the bot doubt it.
        var current = candidates.Where(c => IsCurrent(notices.GetValueOrDefault(c.Passage.NoticeId))).ToList();
        if (current.Count > 0 && current.Count < candidates.Count)
        {
            // Both decisions see the same question: its topic is embedded once (TopicSimilarity).
            var topicVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var fromCurrent = Decide(question, RankedAmongThemselves(current), vector, scope, topicVectors);
            if (fromCurrent.IsKnown)
            {
                return fromCurrent;
            }

            var fromAll = Decide(question, candidates, vector, scope, topicVectors);
            return fromAll.IsKnown ? fromAll : fromCurrent;
        }

        return Decide(question, candidates, vector, scope, []);
    }

    /// <summary>Candidates as the retrievers would have ranked them had the others not been there.</summary>
    private List<Candidate> RankedAmongThemselves(List<Candidate> kept)
    {
        var lexical = kept.Where(c => c.LexicalRank >= 0).OrderBy(c => c.LexicalRank).Select((c, i) => (c.Passage, i)).ToDictionary();
        var semantic = kept.Where(c => c.SemanticRank >= 0).OrderBy(c => c.SemanticRank).Select((c, i) => (c.Passage, i)).ToDictionary();
        return [.. kept
            .Select(c =>
            {
                var lexicalRank = lexical.GetValueOrDefault(c.Passage, -1);
                var semanticRank = semantic.GetValueOrDefault(c.Passage, -1);
                return c with
                {
                    LexicalRank = lexicalRank,
                    SemanticRank = semanticRank,
                    Fused = (lexicalRank < 0 ? 0 : options.LexicalWeight / (FusionK + lexicalRank + 1))
                        + (semanticRank < 0 ? 0 : options.SemanticWeight / (FusionK + semanticRank + 1)),
                };
            })
            .OrderByDescending(c => c.Fused)];
    }

    /// <summary>Answer from the best of <paramref name="candidates"/>, or say why not.</summary>
    /// <param name="topicVectors">The question's topic embeddings so far, by text (filled here).</param>
    private Answer Decide(Question question, List<Candidate> candidates, float[]? vector, Notice? scope, Dictionary<string, float[]> topicVectors)
    {
        double ConfidenceOf(Candidate c) => question.Terms.Count > 0
            ? Confidence(c) + GroundingBonus(question, c.Passage.NoticeId) - ForeignPenalty(question, c.Passage.NoticeId)
            : TopicFreeConfidence(scope);

        // A current notice that answers well enough is preferred to a completed or cancelled one ranked above it.
        var best = candidates[0];
        if (!IsCurrent(notices.GetValueOrDefault(best.Passage.NoticeId))
            && candidates.FirstOrDefault(c => IsCurrent(notices.GetValueOrDefault(c.Passage.NoticeId)) && ConfidenceOf(c) >= options.MinConfidence) is { } current)
        {
            best = current;
        }

        var features = question.Terms.Count > 0 && Calibrated() ? Features(question, candidates, best, scope, topicVectors) : null;
        var confidence = features is null ? ConfidenceOf(best) : options.Calibration!.Probability(features);
        if (confidence < (features is null ? options.MinConfidence : options.Calibration!.Threshold))
        {
            // The notice that came closest is named so the reader can look for themselves; when a retriever put
            // one of its parts first, that part is quoted as a guess: a paraphrase the calibration doubts is often
            // answered there ("where can I rehearse the switch?" → "How can I test connections … ?"), and the
            // reader sees at once whether it is what they asked.
            // A completed one is named too, as completed (a first local run holds only the sample, which ended
            // in 2016); a cancelled one never asked anything of anyone.
            var closest = notices.GetValueOrDefault(best.Passage.NoticeId);
            if (!IsCurrent(closest) && closest?.State != NoticeState.Completed)
            {
                return Answer.Unknown(confidence, best.Passage.NoticeId) with { Features = features };
            }

            var guessed = features is not null && confidence >= GuessFloor
                && EitherRetrieverChoseFirst(best, vector) && best.Passage.Kind != PassageKind.Summary;
            return Answer.Unknown(confidence, best.Passage.NoticeId) with
            {
                Features = features,
                NoticeTitle = closest!.Title,
                Heading = guessed ? best.Passage.Heading : null,
                Excerpt = guessed ? Quote(best.Passage, question, vector, closest) : null,
            };
        }

        var notice = notices.GetValueOrDefault(best.Passage.NoticeId);
        var passage = best.Passage;
        var source = passage.Kind switch
        {
            PassageKind.Faq => AnswerSource.Faq,
            PassageKind.Summary => AnswerSource.Summary,
            _ => AnswerSource.Section,
        };
        return new Answer(Quote(passage, question, vector, notice), passage.NoticeId, notice?.Title, source, confidence, passage.Heading) { Features = features };
    }

    /// <summary>What is quoted from a passage: an FAQ answer whole (shortened), from a section the sentences that
    /// answer the question, with dates in the prose marked for the reader's zone.</summary>
    private string Quote(Passage passage, Question question, float[]? vector, Notice? notice)
    {
        var text = passage.Kind == PassageKind.Faq
            ? Shorten(passage.Text, options.MaxAnswerLength)
            : AnswerSentences.Select(passage.Text, question, options.MaxAnswerLength, vector is null ? null : dense?.SentenceSimilarities(vector, passage));
        return ProseTimes.InReaderZone(text, notice?.TimeZone);
    }

    /// <summary>The calibrated probability under which a doubted passage is not quoted as a guess (nor named). On
    /// the dev questions in all four settings of answers-eval, the parts pointed at below 0.25 were all for
    /// out-of-scope questions (11 of 25; "how do I reset my password?" over the sample gets 0.15); 0.2 leaves a
    /// margin under the lowest that held the fact (tests/ChangeBot.Benchmarks/README.md). Without the calibration
    /// (another model, or none) there is no probability to hold it to, so no guess.</summary>
    private const double GuessFloor = 0.2;

    /// <summary>With a model, the passage is the first hit of the keyword search or of the meaning search. Both
    /// first is right more often but rarely happens when the calibration doubts; on the dev questions asked as
    /// a first customer would (one notice, no vendor named), either first pointed at the part holding the fact
    /// for 6 of 13 unanswered questions and at another part for 4 (tests/ChangeBot.Benchmarks/README.md). Keywords
    /// alone give no second opinion, so no part is named.</summary>
    private bool EitherRetrieverChoseFirst(Candidate best, float[]? vector) =>
        vector is not null && dense is not null && (best.LexicalRank == 0 || best.SemanticRank == 0);

    /// <summary>The calibration holds only for the model it was fitted with.</summary>
    private bool Calibrated() => dense is not null && options.Calibration is { } calibration
        && string.Equals(calibration.Model, dense.Model, StringComparison.Ordinal);

    private AnswerFeatures Features(Question question, List<Candidate> candidates, Candidate best, Notice? scope, Dictionary<string, float[]> topicVectors)
    {
        var noticeId = best.Passage.NoticeId;
        var lexicalTop = candidates.FirstOrDefault(c => c.LexicalRank == 0);
        var semanticTop = candidates.FirstOrDefault(c => c.SemanticRank == 0);
        var otherSimilarity = candidates.Where(c => c.Passage.NoticeId != noticeId).Select(c => c.Similarity).DefaultIfEmpty(0).Max();
        IReadOnlyList<string> known = [], unknown = [];
        if (grounding is not null)
        {
            (known, unknown) = grounding().Named(question.Text);
        }

        return new AnswerFeatures(
            Coverage: best.Coverage,
            Similarity: best.Similarity,
            LexicalTop: lexicalTop is null || lexicalTop.Passage.NoticeId == noticeId,
            SemanticTop: semanticTop is null || semanticTop.Passage.NoticeId == noticeId,
            Named: known.Count > 0 && unknown.Count == 0 && known.All(e => grounding!().Covers(noticeId, e)),
            Unnamed: unknown.Count > 0,
            Foreign: grounding is null ? 0 : grounding().ForeignShare(noticeId, question.Terms),
            Margin: scope is null ? best.Similarity - otherSimilarity : 0,
            Thread: scope is not null,
            FaqMatch: best.Passage.Kind == PassageKind.Faq && best.FaqCoverage >= options.FaqMinConfidence,
            TopicCoverage: TopicCoverage(question, best.Passage),
            Novel: grounding is null ? 0 : grounding().NovelShare(question.Terms),
            TopicSimilarity: TopicSimilarity(question, best, known, topicVectors));
    }

    /// <summary>The cosine of the question without the names it shares with the notice ("Contoso", "Litware
    /// API") with the passage: a question that only names the vendor and asks about something else drops.</summary>
    private float TopicSimilarity(Question question, Candidate best, IReadOnlyList<string> named, Dictionary<string, float[]> topicVectors)
    {
        if (dense is null || named.Count == 0)
        {
            return best.Similarity;
        }

        var rest = named.Aggregate(question.Text, (text, name) => Regex.Replace(text, $@"\b{Regex.Escape(name)}(?:'s)?\b", " ", RegexOptions.IgnoreCase));
        if (!topicVectors.TryGetValue(rest, out var topic))
        {
            topicVectors[rest] = topic = dense.EmbedQuestion(rest);
        }

        return dense.Similarity(topic, best.Passage);
    }

    /// <summary>The share of the question's words that do not name the passage's notice which the passage holds.</summary>
    private double TopicCoverage(Question question, Passage passage)
    {
        var about = notices.GetValueOrDefault(passage.NoticeId) is { } notice ? AboutTerms(notice) : [];
        var topic = question.Terms.Where(t => !about.Contains(t)).ToList();
        if (topic.Count == 0)
        {
            return 1;
        }

        var held = QuestionAnalysis.Terms(passage.Heading + "\n" + passage.Text).ToHashSet(StringComparer.Ordinal);
        return (double)topic.Count(held.Contains) / topic.Count;
    }

    private static HashSet<string> AboutTerms(Notice notice) =>
        QuestionAnalysis.Terms(string.Join(' ', [notice.Title, .. notice.Products, .. notice.Environments, .. notice.Tags]).Replace('-', ' '))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A passage found by either retriever, with what each said of it.</summary>
    /// <param name="LexicalRank">0-based place in the keyword list, -1 when only the model found it.</param>
    /// <param name="SemanticRank">0-based place in the meaning list, -1 when only the keywords found it.</param>
    internal sealed record Candidate(Passage Passage, double Fused, double Coverage, float Similarity,
        int LexicalRank = -1, int SemanticRank = -1, double FaqCoverage = 0);

    /// <summary>
    /// Keyword hits (support's FAQ first when its question is paraphrased) and, with a model, the passages
    /// nearest in meaning, fused by reciprocal rank: each list adds 1/(k + rank), so a passage both find
    /// high wins, and one only the model finds (a paraphrase sharing no words) can still win.
    /// </summary>
    internal List<Candidate> Candidates(IndexSearcher searcher, Question question, float[]? vector, string? noticeId)
    {
        var lexical = PassageSearcher.Search(searcher, question.Terms, question.Hints, noticeId, options.Candidates, question.AllTerms)
            .OrderByDescending(h => h.FaqQuestionCoverage >= options.FaqMinConfidence ? h.Rank + FaqBonus : h.Rank)
            .ToList();
        var semantic = vector is null || dense is null ? [] : dense.Search(vector, noticeId, options.Candidates);
        var byPassage = new Dictionary<Passage, Candidate>();
        for (var i = 0; i < lexical.Count; i++)
        {
            byPassage[lexical[i].Passage] = new Candidate(lexical[i].Passage, options.LexicalWeight / (FusionK + i + 1), lexical[i].Coverage, 0,
                LexicalRank: i, FaqCoverage: lexical[i].FaqQuestionCoverage);
        }

        for (var i = 0; i < semantic.Count; i++)
        {
            var found = byPassage.GetValueOrDefault(semantic[i].Passage) ?? new Candidate(semantic[i].Passage, 0, 0, 0);
            byPassage[semantic[i].Passage] = found with
            {
                Fused = found.Fused + (options.SemanticWeight / (FusionK + i + 1)),
                Similarity = semantic[i].Similarity,
                SemanticRank = i,
            };
        }

        return [.. byPassage.Values.OrderByDescending(c => c.Fused)];
    }

    /// <summary>0..1 from both retrievers: the share of the question's words the passage covers, or how
    /// close it is in meaning (cosine mapped linearly from <see cref="AnswerOptions.SimilarityFloor"/> to
    /// <see cref="AnswerOptions.SimilarityFull"/>), whichever says more.</summary>
    private double Confidence(Candidate candidate)
    {
        var semantic = dense is null ? 0 : Math.Clamp((candidate.Similarity - options.SimilarityFloor) / (options.SimilarityFull - options.SimilarityFloor), 0, 1);
        return Math.Max(candidate.Coverage, semantic);
    }

    /// <summary>A question naming what the notice is about (its vendor, product, host) and nothing else
    /// is more surely about that notice: its meaning match needs less to be trusted.</summary>
    private double GroundingBonus(Question question, string noticeId)
    {
        if (grounding is null || options.GroundingBonus == 0)
        {
            return 0;
        }

        var catalogue = grounding();
        var (known, unknown) = catalogue.Named(question.Text);
        return known.Count > 0 && unknown.Count == 0 && known.All(e => catalogue.Covers(noticeId, e)) ? options.GroundingBonus : 0;
    }

    private double ForeignPenalty(Question question, string noticeId) =>
        grounding is null || options.ForeignPenalty == 0 ? 0 : options.ForeignPenalty * grounding().ForeignShare(noticeId, question.Terms);

    /// <summary>Refuses an answer whose notice does not name what the question names, saying so and naming
    /// the notices that come closest; otherwise records what matched.</summary>
    private Answer Ground(Answer answer, string noticeId, Question question, IndexSearcher searcher, float[]? vector)
    {
        if (grounding is null)
        {
            return answer;
        }

        var catalogue = grounding();
        var (known, unknown) = catalogue.Named(question.Text);
        var missing = unknown.Concat(known.Where(e => !catalogue.Covers(noticeId, e))).ToList();
        if (missing.Count == 0)
        {
            return answer with { Grounding = known };
        }

        var closest = Candidates(searcher, question, vector, null)
            .Select(c => c.Passage.NoticeId)
            .Distinct(StringComparer.Ordinal)
            .Select(id => notices.GetValueOrDefault(id))
            .OfType<Notice>()
            .Take(MaxClosest)
            .Select(n => $"\"{n.Title}\" ({n.Id})")
            .ToList();
        var refusal = $"No notice covers {missing[0]}." + (closest.Count > 0 ? $" The closest: {string.Join(", ", closest)}." : "");
        return Answer.Unknown(answer.Confidence, noticeId) with { Refusal = refusal, Grounding = known };
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
            if (scope is null && question.Now && question.Intent == QuestionIntent.Downtime)
            {
                return InProgressNow();
            }

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

        // "When does the grace period end?" asks for a date the prose gives, not the window: words the
        // notice's own passages use but its title and tags do not say which fact is meant.
        if (notice is not null && question.Intent is QuestionIntent.When or QuestionIntent.Deadline && AsksForAProseDate(searcher, notice, topic))
        {
            return null;
        }

        return notice is not null && ScheduleAnswers.For(notice, question.Intent) is { } found
            ? new Answer(found.Text, notice.Id, notice.Title, found.Source, confidence)
            : null;
    }

    /// <summary>True when the question's own words (not the notice's title or tags) lead to a sentence giving
    /// a date that is not one of the notice's scheduled dates: a brownout, an expiry, a grace period's end.</summary>
    private bool AsksForAProseDate(IndexSearcher searcher, Notice notice, IReadOnlyList<string> topic)
    {
        var about = AboutTerms(notice);
        var residual = topic.Where(t => !about.Contains(t)).ToList();
        if (residual.Count == 0)
        {
            return false;
        }

        var scheduled = new[] { notice.WindowStart, notice.WindowEnd, notice.ActionDeadline }.OfType<DateTimeOffset>()
            .SelectMany(d => new[] { d.UtcDateTime, (notice.TimeZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info) ? TimeZoneInfo.ConvertTime(d, info).DateTime : d.UtcDateTime) })
            .Select(d => (d.Month, d.Day))
            .ToHashSet();
        return PassageSearcher.Search(searcher, residual, [], notice.Id, 3)
            .SelectMany(h => AnswerSentences.DatesNear(h.Passage.Heading, h.Passage.Text, residual))
            .Any(d => !scheduled.Contains(d));
    }

    /// <summary>"Is there an outage right now?": the notices whose maintenance is in progress (the scheduler moves a
    /// notice to in-progress at its window's start), or a plain "none" that says what the bot cannot know
    /// (unplanned outages) rather than quoting a future window as if it were the answer.</summary>
    private Answer InProgressNow()
    {
        var live = current().Where(n => n.State == NoticeState.InProgress).ToList();
        if (live.Count == 0)
        {
            return Answer.Unknown(1) with
            {
                Refusal = "No announced maintenance is in progress right now. I know the changes support announces here, "
                    + "not unplanned outages; your vendor's status page has those.",
            };
        }

        // The downtime the notice gives, else its window (under way), else its title: downtime is optional.
        var lines = live.Take(MaxListed)
            .Select(n => ScheduleAnswers.Downtime(n) ?? ScheduleAnswers.Window(n) ?? $"\"{n.Title}\" is under way.")
            .ToList();
        return live.Count == 1
            ? new Answer(lines[0], live[0].Id, live[0].Title, AnswerSource.Downtime, 1)
            : new Answer(string.Join('\n', lines.Select(l => "• " + l)), null, null, AnswerSource.Downtime, 1);
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
