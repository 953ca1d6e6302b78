using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The meaning index's own rules, with an embedder whose vectors are known: one axis per topic word,
/// so a text about five topics is a blur of five axes and a sentence about one is that axis.</summary>
public sealed class DenseIndexTests
{
    private const string Notice = """
        ---
        id: topics
        title: Topics
        severity: info
        products: [demo]
        environments: [production]
        posted: 2027-01-04T09:00:00+00:00
        timezone: UTC
        window:
          start: 2027-02-01 10:00
          end: 2027-02-01 11:00
        ---
        # Topics

        ## Everything at once

        Billing moves to monthly invoices. Retention stays at thirty days. The SDK gets a new major version.
        Logs are exported hourly. Notifications come from new addresses.

        ## Two things

        Addresses and billing are described on the status page.
        """;

    [Fact]
    public void Search_QuestionMatchingOneSentenceOfALongSection_RanksThatSectionByTheSentence()
    {
        var index = new DenseIndex(new TopicEmbedder());
        index.Set(Parse());
        var question = index.EmbedQuestion("addresses");

        var hits = index.Search(question, null, 5);

        // As a whole, "Everything at once" is a fifth about addresses (cosine 0.45) and "Two things" half
        // (0.71); its one sentence about addresses matches exactly.
        Assert.Equal("Everything at once", hits[0].Passage.Heading);
        Assert.Equal(1, hits[0].Similarity, 0.01);
        Assert.Equal(hits[0].Similarity, index.Similarity(question, hits[0].Passage));
        Assert.Equal(hits[0].Similarity, index.Search(question, "topics", 5)[0].Similarity);
    }

    [Fact]
    public void SentenceSimilarities_AreInTheOrderTheAnswerIsQuotedFrom()
    {
        var index = new DenseIndex(new TopicEmbedder());
        var notice = Parse();
        index.Set(notice);
        var section = PassageDocuments.Passages(notice).Single(p => p.Heading == "Everything at once");

        var similarities = index.SentenceSimilarities(index.EmbedQuestion("logs"), section)!;

        Assert.Equal(AnswerSentences.Blocks(section.Text).Count, similarities.Length);
        Assert.Equal(3, Array.IndexOf(similarities, similarities.Max()));
        Assert.Null(index.SentenceSimilarities(index.EmbedQuestion("logs"), PassageDocuments.Passages(notice).Single(p => p.Heading == "Two things")));
    }

    [Fact]
    public void Set_EmbedsEachSentenceOnce_AndHandsItsVectorToTheStore()
    {
        var embedder = new TopicEmbedder();
        var first = new DenseIndex(embedder);
        var notice = Parse();
        first.Set(notice);
        var saved = first.TakeUnsaved();
        Assert.Equal(DenseIndex.Texts(notice).Count(), saved.Count);

        var second = new DenseIndex(embedder);
        second.Load(saved);
        second.Set(notice);

        Assert.Equal(0, second.Embedded);
        Assert.Equal(1, second.Search(second.EmbedQuestion("addresses"), null, 1)[0].Similarity, 0.01);
    }

    [Fact]
    public void Load_KeyThatIsNoTextHash_IsSkipped()
    {
        var embedder = new TopicEmbedder();
        var notice = Parse();
        var first = new DenseIndex(embedder);
        first.Set(notice);
        var saved = first.TakeUnsaved();

        var second = new DenseIndex(embedder);
        second.Load([new PassageVector("not-a-hash", saved[0].Vector), .. saved.Skip(1)]);
        second.Set(notice);

        Assert.Equal(1, second.Embedded);
    }

    [Theory]
    [InlineData(384)]
    [InlineData(37)]
    public void CompactVector_Dot_IsTheCosineWithinQuantisationError(int dimensions)
    {
        var random = new Random(dimensions);
        float[] Unit()
        {
            var vector = Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            SentenceEmbedder.Normalise(vector);
            return vector;
        }

        for (var i = 0; i < 20; i++)
        {
            var (a, b) = (Unit(), Unit());
            var exact = a.Zip(b).Sum(p => p.First * p.Second);

            Assert.Equal(exact, CompactVector.From(b).Dot(a), 0.01);
        }
    }

    private static Notice Parse() => new NoticeImporter().Parse(Notice, "topics.md").Notice!;

    private sealed class TopicEmbedder : ITextEmbedder
    {
        private static readonly string[] Topics = ["billing", "retention", "sdk", "logs", "addresses"];

        public string Model => "topics";

        public float[][] Embed(IReadOnlyList<string> texts) => [.. texts.Select(EmbedQuestion)];

        public float[] EmbedQuestion(string question)
        {
            var vector = Topics.Select(t => question.Contains(t, StringComparison.OrdinalIgnoreCase) ? 1f : 0f).Append(0.001f).ToArray();
            SentenceEmbedder.Normalise(vector);
            return vector;
        }
    }
}
