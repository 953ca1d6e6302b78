using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Core.Tests.Unanswered;

public sealed class UnansweredGroupingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static UnansweredQuestion Q(int minute, string text, string? notice = "tls") =>
        new($"q{minute}", text, "slack:U1", "slack:T1:C1", notice, T0.AddMinutes(minute));

    [Fact]
    public void Group_ByTerms_SameQuestionWordedAlikeIsOneGroup_NewestFirst()
    {
        var grouped = new UnansweredGrouping().Group(
        [
            Q(1, "Do we need to update the Salesforce packages?"),
            Q(2, "What about the weather tomorrow?", null),
            Q(3, "Need to update Salesforce package?", "other"),
            Q(4, "do we need to update salesforce packages"),
        ]);

        Assert.False(grouped.ByMeaning);
        Assert.Equal(0, grouped.LeftOut);
        var first = grouped.Groups[0];
        Assert.Equal(["q4", "q3", "q1"], first.Questions.Select(q => q.Id));
        Assert.Equal("q4", first.Representative.Id);
        Assert.Equal("tls", first.NoticeId);
        Assert.Equal("q2", grouped.Groups[1].Representative.Id);
        Assert.Null(grouped.Groups[1].NoticeId);
    }

    [Fact]
    public void Group_WithEmbedder_GroupsByTheModelsVectors_InOneBatch()
    {
        var embedder = new TopicEmbedder();
        var grouped = new UnansweredGrouping(embedder).Group(
        [
            Q(1, "salesforce: will the integration break?"),
            Q(2, "downtime: is the sandbox offline during the window?"),
            Q(3, "salesforce: do I change the connector?"),
        ]);

        Assert.True(grouped.ByMeaning);
        Assert.Equal(1, embedder.Batches);
        Assert.Equal([["q3", "q1"], ["q2"]], grouped.Groups.Select(g => g.Questions.Select(q => q.Id).ToArray()));
    }

    [Fact]
    public void Group_MoreThanTheBounds_OnlyTheNewestAreGroupedAndTheRestCounted()
    {
        var many = Enumerable.Range(0, UnansweredGrouping.MaxQuestions + 50).Select(i => Q(i, $"unique{i} word{i} text{i}")).ToList();

        var grouped = new UnansweredGrouping().Group(many);

        Assert.Equal(UnansweredGrouping.MaxGroups, grouped.Groups.Count);
        Assert.Equal(many.Count - UnansweredGrouping.MaxGroups, grouped.LeftOut);
        Assert.Equal($"q{many.Count - 1}", grouped.Groups[0].Representative.Id);
    }

    /// <summary>Embeds by the word before the colon: one axis per topic, so same-topic questions have cosine 1.</summary>
    private sealed class TopicEmbedder : ITextEmbedder
    {
        private readonly List<string> _topics = [];

        public int Batches { get; private set; }

        public string Model => "topics";

        public float[][] Embed(IReadOnlyList<string> texts)
        {
            Batches++;
            return [.. texts.Select(Vector)];
        }

        public float[] EmbedQuestion(string question) => Vector(question);

        private float[] Vector(string text)
        {
            var topic = text.Split(':')[0];
            if (!_topics.Contains(topic))
            {
                _topics.Add(topic);
            }

            var v = new float[8];
            v[_topics.IndexOf(topic)] = 1;
            return v;
        }
    }
}
