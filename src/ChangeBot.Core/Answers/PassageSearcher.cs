using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChangeBot.Core.Answers;

/// <param name="Coverage">Share (0..1) of the question's terms, weighted by how rare each is, that the
/// passage (or its notice's title and tags) contains.</param>
/// <param name="FaqQuestionCoverage">For an FAQ entry, the same share covered by its question alone.</param>
internal sealed record PassageHit(Passage Passage, double Coverage, double Rank, double FaqQuestionCoverage = 0);

/// <summary>
/// BM25 finds candidates; coverage decides. Raw BM25 scores grow with the question's length and the
/// index's statistics, so they cannot say "good enough" on their own; the coverage of the question's
/// terms can, and it is what the confidence threshold is compared with.
/// </summary>
internal static class PassageSearcher
{
    /// <summary>A word no notice uses at all weighs extra: a question about "Zendesk" is not answered by
    /// a passage that shares only its other, generic words.</summary>
    private const double UnknownTermPenalty = 1.5;

    /// <summary>How much the BM25 score (normalised to the best hit) breaks ties between equal coverage.</summary>
    private const double ScoreTieBreak = 0.3;

    /// <summary>Below this many passages no word is too common to search for.</summary>
    private const int CommonTermFloor = 2000;

    /// <summary>How much a section heading that matches the question (and its intent hints) adds.</summary>
    private const double HeadingWeight = 0.25;

    /// <summary>How much naming the notice itself (its title, products, environments, tags) adds: "the
    /// production certificate rotation" means that notice even when another one mentions production.</summary>
    private const double AboutWeight = 0.3;

    /// <summary>A notice's introduction is general; a section that matches as well is the better answer.</summary>
    private const double SummaryPenalty = 0.15;

    /// <param name="faqTerms">Terms an FAQ entry's question is compared with (defaults to <paramref name="terms"/>).</param>
    public static IReadOnlyList<PassageHit> Search(
        IndexSearcher searcher, IReadOnlyList<string> terms, IReadOnlyList<string> hints, string? noticeId, int candidates,
        IReadOnlyList<string>? faqTerms = null)
    {
        faqTerms ??= terms;
        if (terms.Count == 0 && hints.Count == 0)
        {
            return [];
        }

        var reader = searcher.IndexReader;
        var query = new BooleanQuery();
        var searchable = Selective(reader, terms);
        foreach (var term in searchable)
        {
            query.Add(new TermQuery(new Term(PassageDocuments.ContentField, term)), Occur.SHOULD);
            query.Add(new TermQuery(new Term(PassageDocuments.AboutField, term)), Occur.SHOULD);
        }

        foreach (var hint in Selective(reader, hints, keepRarest: false))
        {
            query.Add(new TermQuery(new Term(PassageDocuments.ContentField, hint)) { Boost = 0.7f }, Occur.SHOULD);
        }

        var filter = noticeId is null ? null : new QueryWrapperFilter(new TermQuery(new Term(PassageDocuments.NoticeField, noticeId)));
        var top = searcher.Search(query, filter, candidates);
        if (top.TotalHits == 0)
        {
            return [];
        }

        var weights = Weights(reader, terms);
        var faqWeights = Weights(reader, faqTerms);
        var hits = new List<PassageHit>(top.ScoreDocs.Length);
        foreach (var scoreDoc in top.ScoreDocs)
        {
            var content = reader.GetTermVector(scoreDoc.Doc, PassageDocuments.ContentField);
            var about = reader.GetTermVector(scoreDoc.Doc, PassageDocuments.AboutField);
            var coverage = Coverage(terms, weights, t => Contains(content, t) || Contains(about, t));
            var aboutCoverage = Coverage(terms, weights, t => Contains(about, t));

            // Words that name the notice (in its title or tags) say nothing about which of its sections
            // is meant; the heading is judged on the other words and on the intent's hints.
            var heading = reader.GetTermVector(scoreDoc.Doc, PassageDocuments.HeadingTermsField);
            var headingCoverage = heading is null ? 0 : HeadingMatch(heading, about, terms, weights, hints);
            var faqQuestion = reader.GetTermVector(scoreDoc.Doc, PassageDocuments.FaqQuestionField);
            var faqCoverage = faqQuestion is null ? 0 : Coverage(faqTerms, faqWeights, t => Contains(faqQuestion, t));
            var rank = coverage + (AboutWeight * aboutCoverage) + (HeadingWeight * headingCoverage) + (ScoreTieBreak * (scoreDoc.Score / top.MaxScore));
            var passage = PassageDocuments.ToPassage(searcher.Doc(scoreDoc.Doc));
            rank -= passage.Kind == PassageKind.Summary ? SummaryPenalty : 0;
            hits.Add(new PassageHit(passage, coverage, rank, faqCoverage));
        }

        hits.Sort((a, b) => b.Rank.CompareTo(a.Rank));
        return hits;
    }

    /// <summary>0..1: how well a section heading matches the question's own words (those not naming the
    /// notice) and, when the question has an intent, whether the heading speaks of it ("Why …?").</summary>
    private static double HeadingMatch(Terms heading, Terms? about, IReadOnlyList<string> terms, double[] weights, IReadOnlyList<string> hints)
    {
        var words = Coverage(terms, weights, t => Contains(heading, t) && !Contains(about, t));
        return hints.Count == 0 ? words : (0.5 * words) + (hints.Any(h => Contains(heading, h)) ? 0.5 : 0);
    }

    private static double Coverage(IReadOnlyList<string> terms, double[] weights, Func<string, bool> contains)
    {
        double covered = 0, total = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            total += weights[i];
            covered += contains(terms[i]) ? weights[i] : 0;
        }

        return total > 0 ? covered / total : 0;
    }

    /// <summary>
    /// In a large index, words most passages contain ("change", "cluster") only cost time when searching:
    /// they barely move BM25 and cannot pick a notice. They are left out of the query (they still count in
    /// the coverage of the candidates found by the rarer words); if every word of the question is that
    /// common, its rarest two are kept. Hints only steer ranking, so common ones are simply dropped.
    /// </summary>
    private static List<string> Selective(IndexReader reader, IReadOnlyList<string> terms, bool keepRarest = true)
    {
        var limit = Math.Max(CommonTermFloor, reader.NumDocs / 10);
        var withDf = terms.Select(t => (Term: t, Df: Math.Max(
            reader.DocFreq(new Term(PassageDocuments.ContentField, t)),
            reader.DocFreq(new Term(PassageDocuments.AboutField, t))))).ToList();
        var selective = withDf.Where(t => t.Df <= limit).Select(t => t.Term).ToList();
        return selective.Count > 0 || withDf.Count == 0 || !keepRarest
            ? selective
            : [.. withDf.OrderBy(t => t.Df).Take(2).Select(t => t.Term)];
    }

    /// <summary>BM25's idf of each term: rare words say more about what the question is about.</summary>
    private static double[] Weights(IndexReader reader, IReadOnlyList<string> terms)
    {
        var n = Math.Max(reader.NumDocs, 1);
        var weights = new double[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var df = Math.Max(
                reader.DocFreq(new Term(PassageDocuments.ContentField, terms[i])),
                reader.DocFreq(new Term(PassageDocuments.AboutField, terms[i])));
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            weights[i] = df == 0 ? idf * UnknownTermPenalty : idf;
        }

        return weights;
    }

    private static bool Contains(Terms? vector, string term)
    {
        if (vector is null)
        {
            return false;
        }

        var terms = vector.GetEnumerator();
        return terms.SeekExact(new BytesRef(term));
    }
}
