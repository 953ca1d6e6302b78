using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.DirectLine;
using ChangeBot.Tests.DirectLine;

namespace ChangeBot.Tests.Security;

/// <summary>Everything a web chat visitor can make the server keep or do is bounded: message size, history,
/// page size, pending turns, posts and history reads per minute (per conversation and per address) and conversations per address.</summary>
public sealed class WebChatLimitsTests
{
    [Fact]
    public async Task TextLongerThanAChatMessage_IsRefusedNamingTheLimit()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        using var response = await PostAsync(host, id, token, new string('x', PostedActivity.MaxTextLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("4096", await response.Content.ReadAsStringAsync(DirectLineHarness.Ct), StringComparison.Ordinal);
        Assert.Empty(host.Handler.Received);
    }

    [Fact]
    public async Task QuarterMegabyteActivity_IsRefusedAsTooLarge()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token,
            new { type = "message", text = "hi", channelData = new { padding = new string('x', 250 * 1024) } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostsBeyondTheMinuteLimitOfAConversation_Get429_UntilTheMinuteHasPassed()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        for (var i = 0; i < DirectLineLimits.PostsPerMinutePerConversation; i++)
        {
            using var ok = await PostTypingAsync(host, id, token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await PostTypingAsync(host, id, token);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        using var later = await PostTypingAsync(host, id, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task HistoryReadsBeyondTheMinuteLimitOfAConversation_Get429_UntilTheMinuteHasPassed()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        for (var i = 0; i < DirectLineLimits.ReadsPerMinutePerConversation; i++)
        {
            using var ok = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", token);
        using var post = await PostTypingAsync(host, id, token);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        using var later = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode); // reads do not use up posts
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task PostsBeyondTheMinuteLimitOfAnAddress_Get429_AcrossConversations()
    {
        await using var host = new DirectLineHarness();
        var perConversation = DirectLineLimits.PostsPerMinutePerConversation;
        var conversations = DirectLineLimits.PostsPerMinutePerAddress / perConversation;
        for (var c = 0; c < conversations; c++)
        {
            var (id, token) = await host.StartAsync();
            for (var i = 0; i < perConversation; i++)
            {
                using var ok = await PostTypingAsync(host, id, token);
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
        }

        var (fresh, freshToken) = await host.StartAsync();
        using var refused = await PostTypingAsync(host, fresh, freshToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task ConversationsBeyondTheLimitOfAnAddress_Get429()
    {
        await using var host = new DirectLineHarness(remote: IPAddress.Parse("203.0.113.9"), secret: DirectLineHarness.Secret);
        for (var i = 0; i < DirectLineConversations.MaxConversationsPerAddress; i++)
        {
            await host.StartAsync();
        }

        using var refused = await host.SendAsync(HttpMethod.Post, "/conversations", "undefined", new { user = new { } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task QuestionsBeyondThePendingTurnsOfAConversation_Get429()
    {
        await using var host = new DirectLineHarness();
        var release = new TaskCompletionSource();
        host.Handler.Respond = async (message, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return [Reply.Plain("done")];
        };
        var (id, token) = await host.StartAsync();
        for (var i = 0; i < DirectLineConversation.MaxPendingTurns; i++)
        {
            using var ok = await PostAsync(host, id, token, "question " + i);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await PostAsync(host, id, token, "one too many");
        release.SetResult();
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(DirectLineConversation.MaxPendingTurns));
        using var afterwards = await PostAsync(host, id, token, "and now?");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task PollWithoutWatermark_ReturnsOnePage_AndTheHistoryIsBounded()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        var conversation = host.Conversations.Find(id)!;
        for (var i = 0; i < 300; i++)
        {
            conversation.Append(new JsonObject { ["type"] = "message", ["text"] = "reply " + i }, host.Time.GetUtcNow());
        }

        var first = await host.GetActivitiesAsync(id, token);
        var activities = (JsonArray)first["activities"]!;

        Assert.Equal(DirectLineConversation.MaxActivitiesPerPage, activities.Count);
        Assert.Equal("reply " + (300 - DirectLineConversations.MaxActivitiesPerConversation), activities[0]!["text"]!.GetValue<string>());
        var next = await host.GetActivitiesAsync(id, token, first["watermark"]!.GetValue<string>());
        Assert.Equal(
            "reply " + (300 - DirectLineConversations.MaxActivitiesPerConversation + DirectLineConversation.MaxActivitiesPerPage),
            next["activities"]![0]!["text"]!.GetValue<string>());
    }

    private static Task<HttpResponseMessage> PostAsync(DirectLineHarness host, string id, string token, string text) =>
        host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token, new { type = "message", from = new { id = "u1" }, text });

    private static Task<HttpResponseMessage> PostTypingAsync(DirectLineHarness host, string id, string token) =>
        host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token, JsonContent.Create(new { type = "typing", from = new { id = "u1" } }));
}
