using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>What the adapter adds that Slack does not send: the notice a thread hangs under, org tokens.</summary>
public sealed class SlackContextTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mention_InThreadUnderNoticeMessage_CarriesContextNoticeId()
    {
        await using var t = await SlackTestApp.StartAsync();
        var delivery = new Delivery
        {
            NoticeId = "api-sandbox-tls-certificate", Revision = 1, ChannelKey = "slack:T0AAAAAAA:C0CHANNEL",
            Kind = DeliveryKind.Broadcast, Status = DeliveryStatus.Sent, PlatformMessageId = "1712340000.000100",
        };
        await t.Store.ImportNoticesAsync([new Core.Notices.Notice { Id = "api-sandbox-tls-certificate", Title = "TLS" }], Ct);
        await t.Store.TryReserveDeliveryAsync(delivery, Ct);
        var inThread = SlackTestApp.Payload("app_mention.json")
            .Replace("\"ts\": \"1712345678.123456\",", "\"ts\": \"1712345678.123456\", \"thread_ts\": \"1712340000.000100\",", StringComparison.Ordinal);

        await t.PostEventAsync(inThread);
        var message = await t.Handler.NextAsync();

        Assert.Equal("api-sandbox-tls-certificate", message.ContextNoticeId);
        var post = (await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("1712340000.000100", post.Json!["thread_ts"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mention_OutsideAnyNoticeThread_HasNoContextNotice()
    {
        await using var t = await SlackTestApp.StartAsync();

        await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));

        Assert.Null((await t.Handler.NextAsync()).ContextNoticeId);
    }

    [Fact]
    public async Task OrgWideInstall_ChannelOfMemberWorkspace_UsesOrgToken()
    {
        await using var t = await SlackTestApp.StartAsync();
        await t.Store.SetSecretAsync("slack:bot-token:E0ORG", "xoxb-org-token", Ct);
        var event_ = SlackTestApp.Payload("app_mention.json").Replace("\"team_id\": \"T0AAAAAAA\",\n  \"api_app_id\"", "\"team_id\": \"T0AAAAAAA\",\n  \"enterprise_id\": \"E0ORG\",\n  \"api_app_id\"", StringComparison.Ordinal);
        Assert.Contains("E0ORG", event_, StringComparison.Ordinal);
        await t.PostEventAsync(event_);
        await t.Handler.NextAsync();
        await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage");

        var channel = t.App.Services.GetServices<IChatChannel>().Single(c => c.Platform == Platforms.Slack);
        await channel.SendAsync(new ConversationAddress(Platforms.Slack, "T0AAAAAAA", "C0OTHER"), Reply.Plain("proactive"), null, Ct);

        Assert.All(t.Slack.Calls.Where(c => c.Method.StartsWith("chat.", StringComparison.Ordinal)), c => Assert.Equal("Bearer xoxb-org-token", c.Authorization));
    }
}
