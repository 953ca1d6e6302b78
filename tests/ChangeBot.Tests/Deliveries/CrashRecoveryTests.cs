using System.Diagnostics;
using System.Net.Http.Headers;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Testing.Hosting;
using ChangeBot.Tests.Slack;

namespace ChangeBot.Tests.Deliveries;

/// <summary>
/// The real executable in its own process, killed with SIGKILL in the middle of a broadcast to 2,000
/// Slack channels, then restarted: every channel must end up with exactly one message.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Channels = 2000;
    private const string Token = "crash-test-token-0123456789";

    [Fact]
    public async Task Broadcast_KilledMidway_CompletesAfterRestartWithEveryChannelPostedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var slack = await SlackApiDouble.StartAsync();
        await SeedAsync(data.Path, ct);

        var port = ServerProcess.FreePort();
        await using (var first = await ServerProcess.StartAsync(data.Path, port, Settings(slack), ct))
        {
            using var client = new HttpClient { BaseAddress = first.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            (await client.PostAsync("/api/v1/notices/crash-notice/publish", null, ct)).EnsureSuccessStatusCode();

            await slack.WaitForAsync(c => c.Method == "chat.postMessage", count: 300, timeout: TimeSpan.FromMinutes(2));
            first.Kill();
        }

        var beforeRestart = slack.Calls.Count(c => c.Method == "chat.postMessage");
        await using (var second = await ServerProcess.StartAsync(data.Path, port, Settings(slack), ct))
        {
            await slack.WaitForAsync(c => c.Method == "chat.postMessage", count: Channels, timeout: TimeSpan.FromMinutes(4));
            await second.StopAsync();
        }

        var posts = slack.Calls.Where(c => c.Method == "chat.postMessage").GroupBy(c => c.Channel!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(beforeRestart < Channels, $"the kill came too late to prove anything ({beforeRestart} posts before it)");
        Assert.Equal(Channels, posts.Count);
        Assert.All(posts, p => Assert.True(p.Value == 1, $"{p.Key} got {p.Value} messages"));
        using var store = new LiteDbChangeBotStore(Path.Combine(data.Path, LiteDbChangeBotStore.FileName));
        var deliveries = await store.ListDeliveriesAsync("crash-notice", ct);
        Assert.Equal(Channels, deliveries.Count(d => d.Status == ChangeBot.Core.Deliveries.DeliveryStatus.Sent));
    }

    private static Dictionary<string, string> Settings(SlackApiDouble slack) => new()
    {
        ["ChangeBot__ApiTokens"] = Token,
        ["ChangeBot__SeedNoticesDirectory"] = "",
        ["Slack__SigningSecret"] = "crash-test-signing-secret-0123",
        ["Slack__BotToken"] = "xoxb-crash-test",
        ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
    };

    private static async Task SeedAsync(string dataDirectory, CancellationToken ct)
    {
        using var store = new LiteDbChangeBotStore(Path.Combine(dataDirectory, LiteDbChangeBotStore.FileName));
        var parsed = new NoticeImporter().Parse("""
            ---
            id: crash-notice
            title: Crash test notice
            products: [api]
            timezone: UTC
            window:
              start: 2099-01-01 10:00
              end: 2099-01-01 12:00
            action_deadline: 2099-01-01 09:00
            ---
            ## What is changing
            Everything, twice, exactly once.
            """, "crash-notice.md");
        await store.ImportNoticesAsync([parsed.Notice!], ct);
        for (var i = 0; i < Channels; i++)
        {
            // Eight workspaces (all on Slack:BotToken): the adapter paces posts per workspace, and one
            // workspace of 2,000 channels would take minutes at Slack's workspace-wide cap.
            var address = new ConversationAddress("slack", $"T0CRASH{i % 8}", $"C{i:D5}");
            await store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U1", DateTimeOffset.UnixEpoch), ct);
        }
    }
}
