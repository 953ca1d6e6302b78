using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Conversations;

public sealed class ConversationHandlerCommandTests
{
    [Theory]
    [InlineData("publish api-sandbox-tls-certificate")]
    [InlineData("update api-sandbox-tls-certificate the test endpoint is back")]
    [InlineData("reschedule api-sandbox-tls-certificate 2016-12-13T07:00")]
    [InlineData("cancel api-sandbox-tls-certificate")]
    [InlineData("readiness api-sandbox-tls-certificate")]
    [InlineData("unanswered")]
    public async Task SupportCommand_ByACustomer_IsRefusedPolitelyAndChangesNothing(string text)
    {
        using var kit = new ConversationTestKit();
        var draft = ConversationTestKitNotices.Sample() with { State = NoticeState.Draft };
        await kit.Store.ImportNoticesAsync([draft]);

        var reply = await kit.SayAsync(text, ConversationTestKit.Customer);

        Assert.StartsWith("Sorry,", reply.Text, StringComparison.Ordinal);
        Assert.Contains("support team only", reply.Text, StringComparison.Ordinal);
        Assert.True(reply.Private);
        Assert.Empty(kit.Operations.Calls);
        var stored = await kit.Store.GetNoticeAsync(draft.Id);
        Assert.Equal((NoticeState.Draft, 1), (stored!.State, stored.Revision));
    }

    [Theory]
    [InlineData("publish api-sandbox-tls-certificate", "publish api-sandbox-tls-certificate by slack:USUPPORT")]
    [InlineData("update api-sandbox-tls-certificate The test endpoint  is back.", "update api-sandbox-tls-certificate 'The test endpoint  is back.'")]
    [InlineData("reschedule api-sandbox-tls-certificate 2016-12-13 07:00", "reschedule api-sandbox-tls-certificate '2016-12-13 07:00'")]
    [InlineData("cancel api-sandbox-tls-certificate", "cancel api-sandbox-tls-certificate")]
    [InlineData("readiness api-sandbox-tls-certificate", "readiness api-sandbox-tls-certificate")]
    public async Task SupportCommand_BySupport_IsDelegatedToNoticeOperations(string text, string expectedCall)
    {
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync(text, ConversationTestKit.SupportUser);

        Assert.Equal([expectedCall], kit.Operations.Calls);
        Assert.Equal("done: " + expectedCall, reply.Text);
    }

    [Theory]
    [InlineData("ack api-sandbox-tls-certificate", "Ready")]
    [InlineData("ack api-sandbox-tls-certificate not-affected", "NotAffected")]
    [InlineData("ack api-sandbox-tls-certificate need-help", "NeedHelp")]
    public async Task Ack_ByAnyone_RecordsTheChannelsAnswerThroughOperations(string text, string answer)
    {
        using var kit = new ConversationTestKit();

        await kit.SayAsync(text);

        Assert.Equal([$"ack api-sandbox-tls-certificate {answer} slack:T1:C1 by slack:UCUSTOMER via slack"], kit.Operations.Calls);
    }

    [Theory]
    [InlineData("check ```-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----```", "```-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----```", "-")]
    [InlineData("check\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nfor API-Sandbox-TLS-Certificate",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "api-sandbox-tls-certificate")]
    public async Task Check_WithAPastedChain_DelegatesThePemAndTheNoticeToChatChecks(string text, string pem, string notice)
    {
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync(text);

        Assert.Equal([$"chain [{pem}] for {notice} by slack:UCUSTOMER"], kit.Checks.Calls);
        Assert.Equal("checked a pasted chain", reply.Text);
    }

    [Theory]
    [InlineData(ConversationTestKit.Customer, "compare api-sandbox-tls-certificate by slack:UCUSTOMER")]
    [InlineData(ConversationTestKit.SupportUser, "compare api-sandbox-tls-certificate by slack:USUPPORT with drafts")]
    public async Task Compare_DelegatesTheNoticeToChatChecks_DraftsForSupportOnly(string user, string call)
    {
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync("compare API-Sandbox-TLS-Certificate", user);

        Assert.Equal([call], kit.Checks.Calls);
        Assert.Equal("compared api-sandbox-tls-certificate", reply.Text);
    }

    [Fact]
    public async Task Check_DelegatesTargetAndNoticeToChatChecks()
    {
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync("check apisandbox-new.zuora.com for api-sandbox-tls-certificate");

        Assert.Equal(["apisandbox-new.zuora.com for api-sandbox-tls-certificate by slack:UCUSTOMER"], kit.Checks.Calls);
        Assert.Equal("checked apisandbox-new.zuora.com", reply.Text);
    }


    [Fact]
    public async Task Subscribe_ThenListThenUnsubscribe_KeepsTheStoreInStep()
    {
        using var kit = new ConversationTestKit();

        var subscribed = await kit.SayAsync("subscribe TLS api-sandbox");
        var listed = await kit.SayAsync("subscriptions");
        var subscription = Assert.Single(await kit.Store.ListSubscriptionsAsync(ConversationTestKit.Channel));
        var unsubscribed = await kit.SayAsync("unsubscribe api-sandbox tls");

        Assert.Equal(["api-sandbox", "tls"], subscription.Filters);
        Assert.Equal(ConversationTestKit.Customer, subscription.CreatedBy);
        Assert.Contains("notices about api-sandbox, tls", subscribed.Text, StringComparison.Ordinal);
        Assert.Contains("• api-sandbox, tls", listed.Text, StringComparison.Ordinal);
        Assert.Contains("Unsubscribed", unsubscribed.Text, StringComparison.Ordinal);
        Assert.Empty(await kit.Store.ListSubscriptionsAsync(ConversationTestKit.Channel));
    }

    [Fact]
    public async Task Unsubscribe_WithFiltersNoSubscriptionHas_ChangesNothingAndShowsTheCurrentOnes()
    {
        using var kit = new ConversationTestKit();
        await kit.SayAsync("subscribe");

        var reply = await kit.SayAsync("unsubscribe production");

        Assert.Contains("nothing changed", reply.Text, StringComparison.Ordinal);
        Assert.Contains("every notice", reply.Text, StringComparison.Ordinal);
        Assert.Single(await kit.Store.ListSubscriptionsAsync(ConversationTestKit.Channel));
    }

    [Fact]
    public async Task Notice_Published_RendersTheNoticeCard()
    {
        using var kit = new ConversationTestKit();
        await kit.PublishEvaluationNoticesAsync();

        var reply = await kit.SayAsync("notice api-sandbox-tls-certificate");

        var expected = NoticeReplies.Render((await kit.Store.GetNoticeAsync(ConversationTestKit.SampleId))!);
        Assert.Equal((expected.Title, expected.NoticeId), (reply.Title, reply.NoticeId));
        Assert.Equal(expected.Facts, reply.Facts);
        Assert.Equal(expected.Sections, reply.Sections);
        Assert.Equal(expected.Buttons, reply.Buttons);
    }

    [Fact]
    public async Task Notice_Draft_IsHiddenFromCustomersButShownToSupport()
    {
        using var kit = new ConversationTestKit();
        await kit.Store.ImportNoticesAsync([ConversationTestKitNotices.Sample() with { State = NoticeState.Draft }]);

        var customer = await kit.SayAsync("notice api-sandbox-tls-certificate");
        var support = await kit.SayAsync("notice api-sandbox-tls-certificate", ConversationTestKit.SupportUser);

        Assert.Contains("There is no notice", customer.Text, StringComparison.Ordinal);
        Assert.Equal(ConversationTestKit.SampleId, support.NoticeId);
    }

    [Fact]
    public async Task Notices_ListsPublishedNoticesWithOpenButtons()
    {
        using var kit = new ConversationTestKit();
        await kit.PublishEvaluationNoticesAsync();

        var reply = await kit.SayAsync("notices");

        Assert.Contains("Deprecation of TLS 1.0", reply.Text, StringComparison.Ordinal);
        Assert.Contains(reply.Buttons, b => b.Command == "notice api-sandbox-tls-certificate");
    }

    [Fact]
    public async Task Notices_NoneCurrentButSomeEnded_ListsTheRecentlyEndedOnesToOpen()
    {
        // A first local run: the sample notice's maintenance ended in 2016, and it is all the server holds.
        using var kit = new ConversationTestKit();
        await kit.Store.ImportNoticesAsync([ConversationTestKitNotices.Sample() with { State = NoticeState.Completed }]);

        var reply = await kit.SayAsync("notices");

        Assert.StartsWith("There are no current notices. Recently ended:\n• [Action Required]: Maintenance to Update TLS Certificate for API Sandbox (api-sandbox-tls-certificate, completed)",
            reply.Text, StringComparison.Ordinal);
        Assert.Contains(reply.Buttons, b => b.Command == "notice api-sandbox-tls-certificate");
    }

    [Fact]
    public async Task Typo_GetsADidYouMeanAndNothingIsRecorded()
    {
        using var kit = new ConversationTestKit();

        var reply = await kit.SayAsync("subscibe");

        Assert.Equal("unknown command 'subscibe' - did you mean subscribe? Type 'help' for every command, or ask a question in plain words.", reply.Text);
        Assert.Empty(await kit.Store.ListUnansweredAsync(10));
        Assert.Empty(await kit.Store.ListSubscriptionsAsync());
    }

    [Fact]
    public async Task Unsubscribe_InChat_IsAuditedUnderTheUserAndPlatform_AndANoOpIsNot()
    {
        using var kit = new ConversationTestKit();
        await kit.SayAsync("subscribe zuora");
        await kit.SayAsync("subscribe salesforce");

        await kit.SayAsync("unsubscribe zuora");
        kit.Time.Advance(TimeSpan.FromMinutes(1));
        await kit.SayAsync("unsubscribe nothing-like-this");
        await kit.SayAsync("unsubscribe");

        var audit = (await kit.Store.ListAuditAsync(10)).Reverse().ToList();
        Assert.Equal(
            [
                ("unsubscribe", ConversationTestKit.Customer, "slack", "removed 1 subscription(s) of slack:T1:C1 with filters zuora"),
                ("unsubscribe", ConversationTestKit.Customer, "slack", "removed 1 subscription(s) of slack:T1:C1"),
            ],
            audit.Select(a => (a.Action, a.Actor, a.Surface, a.Details)));
        Assert.All(audit, a => Assert.Null(a.NoticeId));
    }
}
