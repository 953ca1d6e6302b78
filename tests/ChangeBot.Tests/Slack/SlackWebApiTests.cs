using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>The Web API client and the Slack IChatChannel against the double: rate limits, 429s,
/// ok:false errors and per-workspace tokens.</summary>
public sealed class SlackWebApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IChatChannel Channel(SlackTestApp t) =>
        t.App.Services.GetServices<IChatChannel>().Single(c => c.Platform == Platforms.Slack);

    private static ConversationAddress At(string team, string channel) => new(Platforms.Slack, team, channel);

    [Fact]
    public async Task Send_After429_NoCallBeforeRetryAfterElapses()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", retryAfter: TimeSpan.FromSeconds(1));

        var result = await Channel(t).SendAsync(At("T0AAAAAAA", "C0ONE"), Reply.Plain("first"), null, Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var calls = t.Slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(2, calls.Count);
        // Retry-After is whole seconds; the 30 ms allow only for the two clocks' granularity.
        var waited = calls[1].At - calls[0].At;
        Assert.True(waited >= TimeSpan.FromMilliseconds(970), $"retried after {waited.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Send_RetryAfterLongerThanInlineWait_ReturnsTransientAndMakesNoFurtherCall()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", retryAfter: TimeSpan.FromMinutes(2));
        var channel = Channel(t);

        var first = await channel.SendAsync(At("T0AAAAAAA", "C0ONE"), Reply.Plain("first"), null, Ct);
        var second = await channel.SendAsync(At("T0AAAAAAA", "C0TWO"), Reply.Plain("second"), null, Ct);

        Assert.Equal(SendStatus.Transient, first.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), first.RetryAfter);
        Assert.Equal(SendStatus.Transient, second.Status);
        Assert.True(second.RetryAfter > TimeSpan.FromSeconds(100));
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task Send_ManyToOneChannel_IsPacedSoSlackNeverSays429()
    {
        var interval = TimeSpan.FromMilliseconds(500);
        await using var t = await SlackTestApp.StartAsync(tuning: SlackTestApp.FastTuning with { PerChannelInterval = interval });
        // Slack's side tolerates arrival jitter (loopback on a busy machine); ChangeBot paces at the full interval.
        t.Slack.PerChannelInterval = interval / 2;
        var channel = Channel(t);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            channel.SendAsync(At("T0AAAAAAA", "C0BUSY"), Reply.Plain($"message {i}"), null, Ct)));

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal(4, t.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
    }

    [Fact]
    public async Task Send_TransientServerError_IsRetried()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("chat.postMessage", 503, "{}");
        t.Slack.Script("chat.postMessage", 200, "{\"ok\":false,\"error\":\"internal_error\"}");

        var result = await Channel(t).SendAsync(At("T0AAAAAAA", "C0ONE"), Reply.Plain("hello"), "1712340000.000100", Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var calls = t.Slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal("1712340000.000100", c.Json!["thread_ts"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("is_archived")]
    [InlineData("invalid_auth")]
    [InlineData("account_inactive")]
    public async Task Send_ChannelGoneError_ReturnsGoneWithoutRetrying(string error)
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.FailChannel("C0GONE", error);

        var result = await Channel(t).SendAsync(At("T0AAAAAAA", "C0GONE"), Reply.Plain("hello"), null, Ct);

        Assert.Equal(SendStatus.ChannelGone, result.Status);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Theory]
    [InlineData("invalid_blocks")]
    [InlineData("msg_too_long")]
    [InlineData("no_text")]
    [InlineData("invalid_arguments")]
    public async Task Send_MessageSlackRefuses_ReturnsRejectedWithoutRetrying(string error)
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("chat.postMessage", 200, $$"""{"ok":false,"error":"{{error}}"}""");

        var result = await Channel(t).SendAsync(At("T0AAAAAAA", "C0ONE"), Reply.Plain("hello"), null, Ct);

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Equal("slack: " + error, result.Error);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task Send_InstallMissingAScope_StaysRetryableForWhenAnAdminFixesIt()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("chat.postMessage", 200, """{"ok":false,"error":"missing_scope"}""");

        var result = await Channel(t).SendAsync(At("T0AAAAAAA", "C0ONE"), Reply.Plain("hello"), null, Ct);

        Assert.Equal(SendStatus.Transient, result.Status);
    }

    [Fact]
    public async Task Broadcast_MessageRejected_FailsThatDeliveryButKeepsTheSubscriptionHealthy()
    {
        await using var t = await SlackTestApp.StartAsync();
        var store = t.Store;
        var address = At("T0AAAAAAA", "C0STRICT");
        await store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U0USERAAA", DateTimeOffset.UtcNow), Ct);
        await store.ImportNoticesAsync([new Notice { Id = "api-sandbox-tls-certificate", Title = "API Sandbox TLS certificate", State = NoticeState.Published }], Ct);
        t.Slack.FailChannel("C0STRICT", "msg_too_long");
        var engine = t.App.Services.GetRequiredService<DeliveryEngine>();
        var notice = (await store.GetNoticeAsync("api-sandbox-tls-certificate", Ct))!;
        await engine.ReserveAsync(notice, DeliveryKind.Broadcast, "", [address.Key], Ct);

        var first = await engine.DispatchAsync(notice.Id, Ct);
        var again = await engine.DispatchAsync(notice.Id, Ct);

        Assert.Equal(new DispatchSummary(0, 1, 0), first);
        Assert.Equal(new DispatchSummary(0, 0, 0), again);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
        var delivery = Assert.Single(await store.ListDeliveriesAsync(notice.Id, Ct));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("rejected by slack: slack: msg_too_long", delivery.Error);
        Assert.False(Assert.Single(await store.ListSubscriptionsAsync(address, Ct)).IsBroken);
    }

    [Fact]
    public async Task Broadcast_ArchivedChannel_MarksSubscriptionBrokenAndUsesEachWorkspacesToken()
    {
        await using var t = await SlackTestApp.StartAsync();
        var store = t.Store;
        await store.SetSecretAsync("slack:bot-token:T0INSTALL", "xoxb-installed-token", Ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var address in new[] { At("T0AAAAAAA", "C0OK"), At("T0INSTALL", "C0OTHER"), At("T0AAAAAAA", "C0ARCHIVED") })
        {
            await store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U0USERAAA", now), Ct);
        }

        await store.ImportNoticesAsync([new Notice { Id = "api-sandbox-tls-certificate", Title = "API Sandbox TLS certificate", State = NoticeState.Published }], Ct);
        t.Slack.FailChannel("C0ARCHIVED", "is_archived");
        var engine = t.App.Services.GetRequiredService<DeliveryEngine>();
        var notice = (await store.GetNoticeAsync("api-sandbox-tls-certificate", Ct))!;

        await engine.ReserveAsync(notice, DeliveryKind.Broadcast, "", await engine.MatchingChannelsAsync(notice, Ct), Ct);
        await engine.DispatchAsync(notice.Id, Ct);

        var posts = t.Slack.Calls.Where(c => c.Method == "chat.postMessage").GroupBy(c => c.Channel!).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal("Bearer " + SlackTestApp.BotToken, posts["C0OK"].Authorization);
        Assert.Equal("Bearer xoxb-installed-token", posts["C0OTHER"].Authorization);
        var subscriptions = await store.ListSubscriptionsAsync(null, Ct);
        Assert.Contains("is_archived", subscriptions.Single(s => s.Address.Conversation == "C0ARCHIVED").BrokenReason, StringComparison.Ordinal);
        Assert.All(subscriptions.Where(s => s.Address.Conversation != "C0ARCHIVED"), s => Assert.False(s.IsBroken));
        var sent = await store.ListDeliveriesAsync(notice.Id, Ct);
        // The ledger records Slack's ts as the message id, which updates thread under.
        Assert.StartsWith("1712400000.", sent.First(d => d.ChannelKey.EndsWith("C0OK", StringComparison.Ordinal)).PlatformMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_EditsOriginalMessageByTs()
    {
        await using var t = await SlackTestApp.StartAsync();

        var result = await Channel(t).UpdateAsync(At("T0AAAAAAA", "C0ONE"), "1712340000.000100", new Reply { Title = "Completed", Text = "Done." }, Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var update = (await t.Slack.WaitForAsync(c => c.Method == "chat.update")).Single();
        Assert.Equal("1712340000.000100", update.Json!["ts"]!.GetValue<string>());
        Assert.Equal("C0ONE", update.Json!["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_OkFalseError_IsTypedFailure()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.Script("users.info", 200, "{\"ok\":false,\"error\":\"user_not_found\"}");
        var api = t.App.Services.GetRequiredService<SlackApiClient>();

        var e = await Assert.ThrowsAsync<SlackApiException>(() => api.GetUserAsync(new SlackWorkspace("T0AAAAAAA"), "U0NOBODY", Ct));

        Assert.Equal("user_not_found", e.Error);
        Assert.Equal(SlackErrorKind.Permanent, e.Kind);
        Assert.Equal("users.info", e.Method);
    }
}
