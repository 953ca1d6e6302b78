using System.Text.Json.Nodes;
using ChangeBot.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.DirectLine;

public sealed class DirectLineConversationTests
{
    [Fact]
    public void History_PastItsBound_KeepsTheNewestAndWatermarksStayMonotonic()
    {
        var conversation = new DirectLineConversation("c", DirectLineHarness.Start, maxActivities: 3);
        for (var i = 0; i < 5; i++)
        {
            conversation.Append(new JsonObject { ["type"] = "message", ["text"] = $"m{i}" }, DirectLineHarness.Start);
        }

        var page = conversation.After(0);

        Assert.Equal([3L, 4L, 5L], page.Activities.Select(a => a.Sequence));
        Assert.Equal(5, page.Watermark);
        var stamps = page.Activities.Select(a => JsonNode.Parse(a.Json)!["timestamp"]!.GetValue<string>()).ToList();
        Assert.Equal(stamps.Order(StringComparer.Ordinal), stamps);
        Assert.Equal(3, stamps.Distinct().Count());
    }

    [Fact]
    public void Conversations_IdleLongerThanTheLimit_AreDroppedWhenANewOneStarts()
    {
        var time = new FakeTimeProvider(DirectLineHarness.Start);
        var conversations = new DirectLineConversations(time);
        var idle = conversations.Create();
        time.Advance(DirectLineConversations.IdleLimit - TimeSpan.FromMinutes(1));
        var polled = conversations.Create();
        conversations.Find(polled.Id);

        time.Advance(TimeSpan.FromMinutes(2));
        conversations.Create();

        Assert.Null(conversations.Find(idle.Id));
        Assert.NotNull(conversations.Find(polled.Id));
    }

    [Fact]
    public void Conversations_AtTheLimit_DropTheLeastRecentlyUsed()
    {
        var time = new FakeTimeProvider(DirectLineHarness.Start);
        var conversations = new DirectLineConversations(time);
        var first = conversations.Create();
        for (var i = 1; i < DirectLineConversations.MaxConversations; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            conversations.Create();
        }

        time.Advance(TimeSpan.FromMilliseconds(1));
        var newest = conversations.Create();

        Assert.Equal(DirectLineConversations.MaxConversations, conversations.Count);
        Assert.Null(conversations.Find(first.Id));
        Assert.NotNull(conversations.Find(newest.Id));
    }
}
