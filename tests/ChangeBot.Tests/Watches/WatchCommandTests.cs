using System.Globalization;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Watches;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.BotFramework;
using ChangeBot.Tests.DirectLine;
using ChangeBot.Tests.Slack;
using ChangeBot.Testing.Checks;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Watches;

/// <summary>One Slack and one Teams server with the product's own conversation core, allowed to check one loopback
/// TLS endpoint (127.0.0.2, so <c>localhost</c> is a blocked internal address).</summary>
public sealed class WatchChatFixture : IAsyncLifetime
{
    private readonly TestChain _chain = new(hosts: ["127.0.0.2"]);

    internal SwitchingEndpoint Endpoint { get; } = new();
    internal SlackTestApp Slack { get; private set; } = null!;
    internal TeamsTestHost Teams { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Endpoint.Serve(_chain.Leaf, _chain.Intermediate);
        var port = Endpoint.Port.ToString(CultureInfo.InvariantCulture);
        Slack = await SlackTestApp.StartAsync(s =>
        {
            s["Checks:AllowedNetworks"] = "127.0.0.2/32";
            s["Checks:AllowedPorts"] = port;
        }, realHandler: true);
        Teams = await TeamsTestHost.StartAsync(_ => new Dictionary<string, string?>
        {
            ["Checks:AllowedNetworks"] = "127.0.0.2/32",
            ["Checks:AllowedPorts"] = port,
        }, realHandler: true);
        using var installed = await Teams.PostAsync(TeamsActivities.BotAddedToTeam(Teams.ServiceUrl), Teams.ValidToken());
        await Teams.Connector.NextCallAsync(); // the greeting
    }

    public async ValueTask DisposeAsync()
    {
        await Slack.DisposeAsync();
        await Teams.DisposeAsync();
        Endpoint.Dispose();
        _chain.Dispose();
    }
}

/// <summary><c>watch</c>, <c>watches</c> and <c>unwatch</c> typed in Slack, Teams and the web chat, through each
/// platform's real endpoint and the one turn pipeline.</summary>
public sealed class WatchCommandTests(WatchChatFixture fixture) : IClassFixture<WatchChatFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slack_WatchListUnwatch_KeepsTheChannelsWatchWithItsLastResult()
    {
        var channel = new ConversationAddress(Platforms.Slack, WatchChat.SlackTeam, "C0WATCH1");
        var endpoint = fixture.Endpoint.Endpoint;

        var watched = await WatchChat.SlackAsync(fixture.Slack, "C0WATCH1", $"watch https://{endpoint}/status store java");

        Assert.Contains($"Watching {endpoint} for this channel", watched, StringComparison.Ordinal);
        Assert.Contains("30, 14, 7, 1 days before", watched, StringComparison.Ordinal);
        var watch = Assert.Single(await fixture.Slack.Store.ListWatchesAsync(channel.Key, Ct));
        Assert.Equal((endpoint, "java", "slack:U0USERAAA"), (watch.Endpoint, watch.Store, watch.CreatedBy));
        Assert.NotNull(watch.State.LeafSha256);
        Assert.NotNull(watch.State.CheckedAt);

        var twice = await WatchChat.SlackAsync(fixture.Slack, "C0WATCH1", $"watch {endpoint}");
        Assert.Contains("already watches", twice, StringComparison.Ordinal);

        var listed = await WatchChat.SlackAsync(fixture.Slack, "C0WATCH1", "watches");
        Assert.Contains(endpoint + " (store java)", listed, StringComparison.Ordinal);
        Assert.Contains("expires", listed, StringComparison.Ordinal);
        Assert.Contains("next alert: 30 days before expiry", listed, StringComparison.Ordinal);

        var stopped = await WatchChat.SlackAsync(fixture.Slack, "C0WATCH1", $"unwatch {endpoint}");
        Assert.Contains($"Stopped watching {endpoint}", stopped, StringComparison.Ordinal);
        Assert.Empty(await fixture.Slack.Store.ListWatchesAsync(channel.Key, Ct));
        Assert.Contains("does not watch", await WatchChat.SlackAsync(fixture.Slack, "C0WATCH1", $"unwatch {endpoint}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_WatchListUnwatch_KeepsTheConversationsWatch()
    {
        var channel = new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.ChannelConversation);
        var endpoint = fixture.Endpoint.Endpoint;

        Assert.Contains($"Watching {endpoint}", await WatchChat.TeamsAsync(fixture.Teams, $"watch {endpoint}"), StringComparison.Ordinal);
        var watch = Assert.Single(await fixture.Teams.Store.ListWatchesAsync(channel.Key, Ct));
        Assert.Null(watch.Store);

        Assert.Contains(endpoint, await WatchChat.TeamsAsync(fixture.Teams, "watches"), StringComparison.Ordinal);
        Assert.Contains("Stopped watching", await WatchChat.TeamsAsync(fixture.Teams, $"unwatch {endpoint}"), StringComparison.Ordinal);
        Assert.Empty(await fixture.Teams.Store.ListWatchesAsync(channel.Key, Ct));
    }

    [Fact]
    public async Task Slack_51stWatchOfAChannel_IsRefusedClearly()
    {
        var channel = new ConversationAddress(Platforms.Slack, WatchChat.SlackTeam, "C0FULL");
        var store = fixture.Slack.Store;
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(WatchAddResult.Added, await store.AddWatchAsync(new Watch
            {
                Id = $"full-{i:D2}", ChannelKey = channel.Key, Endpoint = $"e{i}.example.com:443", CreatedBy = "slack:U0USERAAA", CreatedAt = DateTimeOffset.UtcNow,
            }, 50, Ct));
        }

        var reply = await WatchChat.SlackAsync(fixture.Slack, "C0FULL", $"watch {fixture.Endpoint.Endpoint}");

        Assert.Contains("already watches 50 endpoints, the most one channel may", reply, StringComparison.Ordinal);
        Assert.Equal(50, (await store.ListWatchesAsync(channel.Key, Ct)).Count);
    }

    [Fact]
    public async Task Slack_WatchOfAnInternalName_IsRefusedWithoutTheResolvedAddress()
    {
        var channel = new ConversationAddress(Platforms.Slack, WatchChat.SlackTeam, "C0BLOCK");

        var reply = await WatchChat.SlackAsync(fixture.Slack, "C0BLOCK", $"watch localhost:{fixture.Endpoint.Port}");

        Assert.Contains("'localhost' is not on the public internet", reply, StringComparison.Ordinal);
        Assert.Contains("will not watch it", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("AllowedNetworks", reply, StringComparison.Ordinal);
        Assert.Empty(await fixture.Slack.Store.ListWatchesAsync(channel.Key, Ct));
    }

    [Fact]
    public async Task WebChat_Watch_IsRefusedPointingToSlackAndTeams()
    {
        await using var host = new DirectLineHarness(realCore: true);
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "watch api.example.com");
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        var reply = ReplyText.Of(new System.Text.Json.Nodes.JsonArray([.. activities.Where(a => (string?)a!["from"]!["role"] == "bot").Select(a => a!.DeepClone())]));
        Assert.Contains("ends when you close the tab", reply, StringComparison.Ordinal);
        Assert.Contains("Slack", reply, StringComparison.Ordinal);
        Assert.Contains("Teams", reply, StringComparison.Ordinal);
        Assert.Empty(await host.App.Services.GetRequiredService<IChangeBotStore>().ListAllWatchesAsync(null, 10, Ct));
    }
}
