using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace ChangeBot.Core.Answers;

/// <summary>
/// English analysis shared by notices and questions: standard tokens, possessives dropped, lower case,
/// stop words, Porter stems. Synonyms are applied to notices only (expanded at index time), so a
/// question's terms stay exactly what the person typed, which keeps the confidence (coverage of the
/// question's terms) meaningful: "SFDC" in a question matches a passage that says "Salesforce".
/// </summary>
internal static class NoticeAnalysis
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The chain without synonyms; also the analyzer synonym rules are parsed with, so a rule's
    /// words are stemmed exactly like the text they must match.</summary>
    public static Analyzer Plain(CharArraySet stopWords) => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        return new TokenStreamComponents(tokenizer, Chain(tokenizer, stopWords));
    });

    /// <summary>The chain notices are indexed with: <see cref="Plain"/> followed by synonym expansion.</summary>
    public static Analyzer WithSynonyms(SynonymMap synonyms) => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        var stream = Chain(tokenizer, StopAnalyzer.ENGLISH_STOP_WORDS_SET);
        if (synonyms.Fst is not null)
        {
            stream = new SynonymFilter(stream, synonyms, ignoreCase: true);
        }

        return new TokenStreamComponents(tokenizer, stream);
    });

    /// <summary>The distinct terms <paramref name="analyzer"/> makes of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Terms(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("content", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (!terms.Contains(value, StringComparer.Ordinal))
            {
                terms.Add(value);
            }
        }

        stream.End();
        return terms;
    }

    private static TokenStream Chain(Tokenizer tokenizer, CharArraySet stopWords) =>
        new PorterStemFilter(
            new StopFilter(Version,
                new LowerCaseFilter(Version,
                    new EnglishPossessiveFilter(Version, tokenizer)),
                stopWords));
}
