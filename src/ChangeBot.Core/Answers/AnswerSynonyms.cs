using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Synonym;

namespace ChangeBot.Core.Answers;

/// <summary>
/// The synonym map notices are indexed with: the default list embedded in this assembly
/// (<c>Answers/synonyms.txt</c>, Solr synonyms format) extended by an optional file support maintains.
/// </summary>
public sealed class AnswerSynonyms
{
    private const string DefaultResource = "ChangeBot.Core.Answers.synonyms.txt";

    private AnswerSynonyms(SynonymMap map) => Map = map;

    internal SynonymMap Map { get; }

    /// <summary>The embedded defaults only.</summary>
    public static AnswerSynonyms Default { get; } = Load(null);

    /// <summary>The embedded defaults plus the rules in <paramref name="extraFile"/> (Solr format) when given.
    /// Throws <see cref="InvalidDataException"/> naming the file and the problem when a rule is malformed.</summary>
    public static AnswerSynonyms Load(string? extraFile)
    {
        var analyzer = NoticeAnalysis.Plain(StopAnalyzer.ENGLISH_STOP_WORDS_SET);
        var parser = new SolrSynonymParser(dedup: true, expand: true, analyzer);
        using (var stream = typeof(AnswerSynonyms).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing"))
        using (var reader = new StreamReader(stream))
        {
            Parse(parser, reader, "the default synonyms");
        }

        if (!string.IsNullOrWhiteSpace(extraFile))
        {
            if (!File.Exists(extraFile))
            {
                throw new InvalidDataException($"synonyms file {extraFile} does not exist.");
            }

            using var reader = new StreamReader(extraFile);
            Parse(parser, reader, extraFile);
        }

        return new AnswerSynonyms(parser.Build());
    }

    private static void Parse(SolrSynonymParser parser, TextReader reader, string source)
    {
        try
        {
            parser.Parse(reader);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Lucene reports the bad rule ("term: of of was completely eliminated by analyzer"); say where it is.
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }
}
