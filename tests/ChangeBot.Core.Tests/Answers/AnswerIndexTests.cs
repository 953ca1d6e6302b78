using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;
using ChangeBot.Testing.InMemory;

namespace ChangeBot.Core.Tests.Answers;

public sealed class AnswerIndexTests
{
    private const string Salesforce = "does the Salesforce connector need changes?";
    private const string SampleId = "api-sandbox-tls-certificate";

    [Fact]
    public void Ask_WhatHappensIfTheDeadlineIsMissed_AnswersTheConsequenceNotTheDeadline()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.NewNotices());

        var answer = index.Ask("What stops working if we ignore the deadline?", "tailspin-tls-legacy-retirement");

        Assert.NotEqual(AnswerSource.Deadline, answer.Source);
        Assert.Equal(AnswerSource.Deadline, index.Ask("What is the deadline?", "tailspin-tls-legacy-retirement").Source);
    }

    [Theory]
    [InlineData("What stops working if we ignore the deadline?", QuestionIntent.None)]
    [InlineData("What happens if we miss the cutoff?", QuestionIntent.None)]
    [InlineData("When is the deadline?", QuestionIntent.Deadline)]
    [InlineData("Is there downtime?", QuestionIntent.Downtime)]
    internal void Parse_ConsequenceQuestion_HasNoScheduleIntent(string question, QuestionIntent intent) =>
        Assert.Equal(intent, QuestionAnalysis.Parse(question).Intent);

    [Fact]
    public void Upsert_CancelledNotice_StopsAnsweringFromIt()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var sample = EvaluationSet.Notices().Single(n => n.Id == SampleId);
        index.Upsert(sample);
        var before = index.Ask(Salesforce);

        index.Upsert(sample with { State = NoticeState.Cancelled, Revision = 2 });

        Assert.Equal(SampleId, before.NoticeId);
        Assert.False(index.Ask(Salesforce).IsKnown);
        Assert.Null(index.Find(SampleId));
    }

    [Fact]
    public void Upsert_UpdatedNotice_AnswersFromTheNewText()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var sample = EvaluationSet.Notices().Single(n => n.Id == SampleId);
        index.Upsert(sample);

        index.Upsert(sample with { Faq = [new FaqEntry("Does the Salesforce connector need changes?", "Yes: update the connector to 7.2.")], Revision = 2 });

        Assert.Equal("Yes: update the connector to 7.2.", index.Ask(Salesforce).Text);
    }

    [Fact]
    public void Rebuild_WithDrafts_AnswersOnlyFromPublishedNotices()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var notices = EvaluationSet.Notices();

        index.Rebuild(notices.Select(n => n.Id == SampleId ? n with { State = NoticeState.Draft } : n));

        Assert.NotEqual(SampleId, index.Ask("does SFDC need an update?").NoticeId);
        Assert.Null(index.Find(SampleId));
        Assert.Equal("tls10-deprecation", index.Ask("which Java versions support TLS 1.2?").NoticeId);
        Assert.Equal(notices.Count - 1, index.Count);
    }

    [Fact]
    public void Remove_Notice_StopsAnsweringFromIt()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.Notices());

        index.Remove("ip-range-change");

        Assert.False(index.Ask("what are the new IP ranges?").IsKnown);
    }

    [Fact]
    public void Ask_GenericQuestion_AnswersFromTheThreadsNoticeAndNotWithoutOne()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.Notices());

        var inThread = index.Ask("what do I need to do?", "ip-range-change");
        var outside = index.Ask("what do I need to do?");

        Assert.Equal("ip-range-change", inThread.NoticeId);
        Assert.Contains("198.51.100.0/24", inThread.Text, StringComparison.Ordinal);
        Assert.False(outside.IsKnown);
    }

    [Fact]
    public void Ask_InAThreadAboutAnotherNotice_FallsBackToTheNoticeTheQuestionNames()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.Notices());

        var answer = index.Ask("which Java versions support TLS 1.2?", SampleId);

        Assert.Equal("tls10-deprecation", answer.NoticeId);
    }

    [Fact]
    public void Ask_DowntimeWithoutANotice_ListsTheCurrentNotices()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.Notices());

        var answer = index.Ask("is there downtime?");

        Assert.Equal(AnswerSource.Downtime, answer.Source);
        Assert.Contains("Partial downtime", answer.Text, StringComparison.Ordinal);
        Assert.Contains("No downtime", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Is there an outage right now?")]
    [InlineData("is anything down at the moment?")]
    [InlineData("Are you currently having downtime?")]
    public void Ask_OutageNowWhileNoMaintenanceIsInProgress_SaysSoInsteadOfQuotingAFutureWindow(string question)
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        index.Rebuild(EvaluationSet.NewNotices());

        var answer = index.Ask(question);

        Assert.False(answer.IsKnown);
        Assert.StartsWith("No announced maintenance is in progress right now.", answer.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_OutageNowWhileOneNoticeIsInProgress_AnswersFromThatNoticeAlone()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var notices = EvaluationSet.NewNotices();
        index.Rebuild(notices.Select(n => n.Id == "adatum-postgres-maintenance" ? n with { State = NoticeState.InProgress } : n));

        var answer = index.Ask("Is there an outage right now?");

        Assert.Equal(AnswerSource.Downtime, answer.Source);
        Assert.Equal("adatum-postgres-maintenance", answer.NoticeId);
    }

    [Fact]
    public void Ask_OutageNowWhileANoticeWithoutADowntimeFieldIsInProgress_NamesItAsUnderWay()
    {
        // Downtime is optional in a notice; its window being under way is still the answer, never "none is".
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var notices = EvaluationSet.NewNotices();
        index.Rebuild(notices.Select(n => n.Id == "adatum-postgres-maintenance" ? n with { State = NoticeState.InProgress, Downtime = null } : n));

        var answer = index.Ask("Is there an outage right now?");

        Assert.True(answer.IsKnown);
        Assert.Equal("adatum-postgres-maintenance", answer.NoticeId);
        Assert.Contains("is under way", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_ScheduleQuestion_UsesTheFieldsNotTheProse()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var sample = EvaluationSet.Notices().Single(n => n.Id == SampleId);
        var moved = sample.ActionDeadline!.Value.AddDays(7);
        index.Upsert(sample with { ActionDeadline = moved });

        var answer = index.Ask("what is the deadline?", SampleId);

        Assert.Equal(AnswerSource.Deadline, answer.Source);
        Assert.Contains(ChangeBot.Core.Conversations.TimeMarkup.Mark(moved), answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Synonyms_SupportFile_ExtendsTheDefaults()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("synonyms.txt"), "# our CRM's nickname\nforce-crm, salesforce\n");
        using var plain = new LuceneAnswerIndex(AnswerSynonyms.Default);
        using var extended = new LuceneAnswerIndex(AnswerSynonyms.Load(temp.File("synonyms.txt")));
        plain.Rebuild(EvaluationSet.Notices());
        extended.Rebuild(EvaluationSet.Notices());

        Assert.False(plain.Ask("does the force-crm integration need changes?").IsKnown);
        Assert.Equal(AnswerSource.Faq, extended.Ask("does the force-crm integration need changes?").Source);
        Assert.Equal(SampleId, extended.Ask("does SFDC need an update?").NoticeId);
    }

    [Fact]
    public void Synonyms_MalformedFile_NamesTheFile()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("bad.txt"), "cert => \n");

        var error = Assert.Throws<InvalidDataException>(() => AnswerSynonyms.Load(temp.File("bad.txt")));

        Assert.Contains("bad.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_CatchUp_AppliesChangesMadeElsewhere()
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        var store = new InMemoryChangeBotStore();
        var sample = EvaluationSet.Notices().Single(n => n.Id == SampleId);
        await store.ImportNoticesAsync([sample]);
        var sync = new AnswerIndexSync(index, store);
        await sync.RebuildAsync();
        var answeredBefore = index.Ask(Salesforce).IsKnown;

        await store.UpdateNoticeAsync(sample with { State = NoticeState.Cancelled }, expectedRevision: sample.Revision);
        var changes = await sync.CatchUpAsync();

        Assert.True(answeredBefore);
        Assert.Equal(1, changes);
        Assert.False(index.Ask(Salesforce).IsKnown);
        Assert.Equal(0, await sync.CatchUpAsync());
    }
}
