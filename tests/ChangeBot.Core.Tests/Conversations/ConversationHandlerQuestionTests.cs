using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Tests.Answers;

namespace ChangeBot.Core.Tests.Conversations;

public sealed class ConversationHandlerQuestionTests
{
    [Fact]
    public async Task Question_SalesforceConnector_AnswersFromTheFaqWithTheNoticeTitleAndAnOpenButton()
    {
        using var kit = new ConversationTestKit();
        await kit.PublishEvaluationNoticesAsync();

        var reply = await kit.SayAsync("does the Salesforce connector need changes?");

        Assert.Contains("No change is needed for Salesforce", reply.Text, StringComparison.Ordinal);
        Assert.Contains("different endpoint for\nAPI Sandbox".Replace("\n", " ", StringComparison.Ordinal), reply.Text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("Maintenance to Update TLS Certificate for API Sandbox", reply.Text, StringComparison.Ordinal);
        Assert.Equal(ConversationTestKit.SampleId, reply.NoticeId);
        Assert.Contains(reply.Buttons, b => b.Command == $"notice {ConversationTestKit.SampleId}");
    }

    [Fact]
    public async Task Question_WhenIsTheMaintenance_InTheNoticeThread_GivesTheWindowAsTimeMarkers()
    {
        using var kit = new ConversationTestKit();
        var notices = await kit.PublishEvaluationNoticesAsync();
        var sample = notices.Single(n => n.Id == ConversationTestKit.SampleId);

        var reply = await kit.SayAsync("when is the maintenance?", contextNoticeId: sample.Id);

        Assert.Contains(TimeMarkup.Mark(sample.WindowStart!.Value), reply.Text, StringComparison.Ordinal);
        Assert.Contains(TimeMarkup.Mark(sample.WindowEnd!.Value), reply.Text, StringComparison.Ordinal);
        Assert.Contains("Tue 6 Dec 2016 15:00 UTC (07:00 America/Los_Angeles)", TimeMarkup.RenderPlain(reply.Text, "America/Los_Angeles"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("is there downtime?", "No downtime is expected")]
    [InlineData("what do I need to do?", "import them into your")]
    [InlineData("how can I test before the change?", "apisandbox-new.zuora.com")]
    public async Task Question_InTheSampleThread_GetsTheRightPassage(string question, string expected)
    {
        using var kit = new ConversationTestKit();
        await kit.PublishEvaluationNoticesAsync();

        var reply = await kit.SayAsync(question, contextNoticeId: ConversationTestKit.SampleId);

        Assert.Contains(expected, reply.Text.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_NoNoticeCovers_SaysItDoesNotKnowAndSupportSeesItInUnanswered()
    {
        using var kit = new ConversationTestKit();
        await kit.PublishEvaluationNoticesAsync();

        var reply = await kit.SayAsync("how do I reset my password?");
        var list = await kit.SayAsync("unanswered", ConversationTestKit.SupportUser);

        Assert.StartsWith("I don't know the answer to that yet.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("added your question to the list of unanswered questions", reply.Text, StringComparison.Ordinal);
        var recorded = Assert.Single(await kit.Store.ListUnansweredAsync(10));
        Assert.Equal(("how do I reset my password?", ConversationTestKit.Customer, ConversationTestKit.Channel.Key, kit.Time.GetUtcNow()),
            (recorded.Question, recorded.UserId, recorded.ChannelKey, recorded.At));
        Assert.Contains("how do I reset my password?", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_NotAnsweredWithConfidence_NamesTheClosestCurrentNoticeWithAButtonToOpenIt()
    {
        using var kit = new ConversationTestKit();
        kit.Index.Upsert(ConversationTestKitNotices.Sample());

        var reply = await kit.SayAsync("does the certificate change alter our invoice amounts?");

        Assert.StartsWith("I don't know the answer to that yet. The closest notice is \"[Action Required]: Maintenance to Update TLS Certificate for API Sandbox\".",
            reply.Text, StringComparison.Ordinal);
        var button = Assert.Single(reply.Buttons);
        Assert.Equal(ButtonAction.ShowNotice(ConversationTestKit.SampleId), button.Action);
        Assert.Single(await kit.Store.ListUnansweredAsync(10));
    }

    [Fact]
    public async Task Question_NotAnsweredAndTheClosestNoticeIsCompleted_NamesItAsCompleted()
    {
        // A first local run: the sample, whose maintenance ended in 2016, is the only notice.
        using var kit = new ConversationTestKit();
        kit.Index.Upsert(ConversationTestKitNotices.Sample() with { State = NoticeState.Completed });

        var reply = await kit.SayAsync("does the certificate change alter our invoice amounts?");

        Assert.StartsWith("I don't know the answer to that yet. The closest notice is \"[Action Required]: Maintenance to Update TLS Certificate for API Sandbox\" (completed).",
            reply.Text, StringComparison.Ordinal);
        Assert.Equal(ButtonAction.ShowNotice(ConversationTestKit.SampleId), Assert.Single(reply.Buttons).Action);
    }

    [Fact]
    public async Task Question_NotAnsweredAndTheClosestNoticeIsCancelled_NamesNoNotice()
    {
        using var kit = new ConversationTestKit();
        kit.Index.Upsert(ConversationTestKitNotices.Sample() with { State = NoticeState.Cancelled });

        var reply = await kit.SayAsync("does the certificate change alter our invoice amounts?");

        Assert.Equal(AnswerReplies.NotKnownText, reply.Text);
    }

    [Fact]
    public async Task Question_AboutADraftNotice_IsNotAnswered()
    {
        using var kit = new ConversationTestKit();
        var draft = ConversationTestKitNotices.Sample() with { State = NoticeState.Draft };
        kit.Index.Upsert(draft);

        var reply = await kit.SayAsync("does the Salesforce connector need changes?");

        Assert.Equal(AnswerReplies.NotKnownText, reply.Text);
    }

    [Fact]
    public async Task Greeting_IsNotRecordedAsUnanswered()
    {
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync("hi there!");

        Assert.StartsWith("Hi!", reply.Text, StringComparison.Ordinal);
        Assert.Contains("help", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await kit.Store.ListUnansweredAsync(10));
    }

    [Theory]
    [InlineData("thanks!", "You're welcome!")]
    [InlineData("Thank you", "You're welcome!")]
    [InlineData("great, thanks!", "You're welcome!")]
    [InlineData("ok, got it", "Anything else?")]
    [InlineData("great", "Anything else?")]
    public async Task ThanksOrAnOkayAfterAnAnswer_IsNotGreetedAgain(string text, string expected)
    {
        // "Hi!" in reply to "thanks" reads as if the bot forgot the conversation.
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync(text);

        Assert.StartsWith(expected, reply.Text, StringComparison.Ordinal);
        Assert.Contains("help", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await kit.Store.ListUnansweredAsync(10));
    }
}

internal static class ConversationTestKitNotices
{
    public static Notice Sample() =>
        EvaluationSet.Notices().Single(n => n.Id == ConversationTestKit.SampleId);
}
