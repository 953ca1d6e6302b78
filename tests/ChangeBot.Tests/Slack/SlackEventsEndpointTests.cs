using System.Globalization;
using System.Net;
using System.Text;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.Inbound;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>POST /slack/events through the real pipeline, signed as Slack signs.</summary>
public sealed class SlackEventsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_SignedMention_Acks200AndAnswersInThreadWithWorkspaceToken()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await t.Handler.NextAsync();
        Assert.Equal("does the Salesforce connector need changes?", message.Text);
        Assert.Equal("slack:U0USERAAA", message.UserId);
        Assert.Equal(new ConversationAddress(Platforms.Slack, "T0AAAAAAA", "C0CHANNEL"), message.Address);
        Assert.False(message.IsDirect);
        Assert.Equal("Europe/Berlin", message.UserTimeZone);
        var post = (await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("Bearer " + SlackTestApp.BotToken, post.Authorization);
        Assert.Equal("C0CHANNEL", post.Channel);
        Assert.Equal("1712345678.123456", post.Json!["thread_ts"]!.GetValue<string>());
        Assert.Contains("You said: does the Salesforce", post.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_DirectMessage_IsDirectAndRemembersConversation()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostEventAsync(SlackTestApp.Payload("message_im.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await t.Handler.NextAsync();
        Assert.True(message.IsDirect);
        Assert.Equal("when is the api sandbox certificate changing?", message.Text);
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        var reference = await t.Store.GetConversationAsync("slack:T0AAAAAAA:D0DIRECT1", Ct);
        Assert.NotNull(reference);
        Assert.Contains("\"team_id\":\"T0AAAAAAA\"", reference.PlatformData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_Unsigned_Returns401AndHandsNothingOver()
    {
        await using var t = await SlackTestApp.StartAsync();
        var body = Encoding.UTF8.GetBytes(SlackTestApp.Payload("app_mention.json"));

        var response = await t.PostAsync("/slack/events", body, "application/json", signed: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync(t);
    }

    [Fact]
    public async Task Events_BadSignature_Returns401()
    {
        await using var t = await SlackTestApp.StartAsync();
        var body = Encoding.UTF8.GetBytes(SlackTestApp.Payload("app_mention.json"));
        var ts = SlackTestApp.Now;

        var wrongSecret = await t.PostAsync("/slack/events", body, "application/json", ts, SlackTestApp.Sign("another-secret-entirely-000000", ts, body));
        var tamperedBody = await t.PostAsync("/slack/events", [.. body, (byte)' '], "application/json", ts, SlackTestApp.Sign(SlackTestApp.SigningSecret, ts, body));
        var wrongVersion = await t.PostAsync("/slack/events", body, "application/json", ts, "v1=" + SlackTestApp.Sign(SlackTestApp.SigningSecret, ts, body)[3..]);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tamperedBody.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongVersion.StatusCode);
        await AssertNothingHappenedAsync(t);
    }

    [Theory]
    [InlineData(-360)]
    [InlineData(360)]
    public async Task Events_TimestampOutsideFiveMinutes_Returns401(int offsetSeconds)
    {
        await using var t = await SlackTestApp.StartAsync();
        var ts = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);

        var response = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"), ts);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync(t);
    }

    [Fact]
    public async Task Events_ReplayedEventId_IsHandledOnce()
    {
        await using var t = await SlackTestApp.StartAsync();
        var queue = t.App.Services.GetRequiredService<TurnQueue>();

        var first = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));
        await queue.WhenIdleAsync(Ct);
        var retry = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));
        await queue.WhenIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, t.Handler.Count);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task Events_UrlVerification_ReturnsChallenge()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostEventAsync(SlackTestApp.Payload("url_verification.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Events_OwnBotMessage_IsIgnored()
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostEventAsync(SlackTestApp.Payload("message_bot.json"));
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, t.Handler.Count);
    }

    [Theory]
    [InlineData("{\"type\":\"event_callback\",\"event_id\":")]
    [InlineData("not json at all")]
    [InlineData("{\"type\":\"event_callback\",\"team_id\":\"T0AAAAAAA\"}")]
    public async Task Events_MalformedBody_Returns400AndStoresNothing(string body)
    {
        await using var t = await SlackTestApp.StartAsync();

        var response = await t.PostEventAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappenedAsync(t);
    }

    [Theory]
    [InlineData("app_uninstalled")]
    [InlineData("tokens_revoked")]
    public async Task Events_AppRemovedFromWorkspace_EveryConversationOfThatWorkspaceIsGone(string eventType)
    {
        await using var t = await SlackTestApp.StartAsync();
        var channel = new ConversationAddress(Platforms.Slack, "T0AAAAAAA", "C0CHANNEL");
        var direct = new ConversationAddress(Platforms.Slack, "T0AAAAAAA", "D0DIRECT1");
        var elsewhere = new ConversationAddress(Platforms.Slack, "T0BBBBBBB", "C0CHANNEL");
        await t.Store.UpsertConversationAsync(new ConversationReference(channel, "general", "{}", DateTimeOffset.UnixEpoch), Ct);
        foreach (var address in new[] { channel, direct, elsewhere })
        {
            await t.Store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U0USERAAA", DateTimeOffset.UnixEpoch), Ct);
        }

        var response = await t.PostEventAsync($$$"""
            {"type":"event_callback","team_id":"T0AAAAAAA","event_id":"Ev0REMOVED1","event":{"type":"{{{eventType}}}"}}
            """);
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var broken = (await t.Store.ListSubscriptionsAsync(ct: Ct)).Where(s => s.IsBroken).ToList();
        Assert.Equal([channel.Key, direct.Key], broken.Select(s => s.Address.Key).Order(StringComparer.Ordinal));
        Assert.All(broken, s => Assert.Equal("slack: " + eventType, s.BrokenReason));
        Assert.False((await t.Store.GetConversationAsync(channel.Key, Ct))!.Active);
    }

    internal static async Task AssertNothingHappenedAsync(SlackTestApp t)
    {
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        Assert.Equal(0, t.Handler.Count);
        Assert.Empty(t.Slack.Calls);
        Assert.Null(await t.Store.GetConversationAsync("slack:T0AAAAAAA:C0CHANNEL", Ct));
        // The event id was not consumed: a later genuine delivery is still processed.
        Assert.True(await t.Store.TryMarkEventProcessedAsync("slack:T0AAAAAAA:Ev0MENTION1", DateTimeOffset.UnixEpoch, Ct));
    }
}
