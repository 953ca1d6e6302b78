using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.DirectLine;

public sealed class DirectLineChatChannelTests
{
    [Fact]
    public async Task Send_ToAnOpenWebChat_AppearsOnItsNextPollInTheThread()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        var channel = Channel(host);

        var first = await channel.SendAsync(Address(id), new Reply { Title = "Broadcast", Text = "New notice" }, threadMessageId: null, DirectLineHarness.Ct);
        var second = await channel.SendAsync(Address(id), Reply.Plain("Reminder"), threadMessageId: first.MessageId, DirectLineHarness.Ct);

        var activities = (await host.GetActivitiesAsync(id, token))["activities"]!.AsArray();
        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal([first.MessageId, second.MessageId], activities.Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal("bot", activities[0]!["from"]!["role"]!.GetValue<string>());
        Assert.Equal(first.MessageId, activities[1]!["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_ToAConversationThisProcessDoesNotHave_ReportsTheChannelGone()
    {
        await using var host = new DirectLineHarness();

        var result = await Channel(host).SendAsync(Address("ended-long-ago"), Reply.Plain("Reminder"), null, DirectLineHarness.Ct);

        Assert.Equal(SendStatus.ChannelGone, result.Status);
    }

    [Fact]
    public async Task Update_PostsTheNewContentMarkedAsAnUpdateOfTheOriginal()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        var channel = Channel(host);
        var original = await channel.SendAsync(Address(id), Reply.Plain("Published"), null, DirectLineHarness.Ct);

        var updated = await channel.UpdateAsync(Address(id), original.MessageId!, Reply.Plain("Cancelled"), DirectLineHarness.Ct);

        var activities = (await host.GetActivitiesAsync(id, token))["activities"]!.AsArray();
        Assert.Equal(original.MessageId, updated.MessageId);
        Assert.Equal("Cancelled", activities[1]!["text"]!.GetValue<string>());
        Assert.Equal(original.MessageId, activities[1]!["channelData"]!["changebot"]!["updates"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_EmptyReply_IsRejectedAndNothingAppearsInTheChat()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        var result = await Channel(host).SendAsync(Address(id), new Reply { Text = "  " }, null, DirectLineHarness.Ct);

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Empty((await host.GetActivitiesAsync(id, token))["activities"]!.AsArray());
    }

    private static IChatChannel Channel(DirectLineHarness host) =>
        host.App.Services.GetServices<IChatChannel>().Single(c => c.Platform == Platforms.DirectLine);

    private static ConversationAddress Address(string id) => new(Platforms.DirectLine, "local", id);
}
