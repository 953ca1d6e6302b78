using System.Globalization;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Storage.Postgres;
using ChangeBot.Tests.Slack;

namespace ChangeBot.Tests.ScaleOut;

/// <summary>
/// Two real server processes on one PostgreSQL database run one broadcast to 1,000 Slack channels and one
/// reminder. Sending a notice holds a per-notice lock across instances, so one process sends the broadcast;
/// the test kills that one with SIGKILL partway through, and the survivor must finish the broadcast and send
/// the reminder (due seconds after publishing) without posting anything twice.
/// </summary>
public sealed class BroadcastAcrossInstancesTests
{
    private const int Channels = 1000;
    private const string NoticeId = "scaleout-notice";

    /// <summary>How long after the notice is imported its reminder falls due: time to publish (which reserves
    /// 1,000 records) and to kill the sender partway, on a loaded machine.</summary>
    private static readonly TimeSpan ReminderAfter = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Broadcast_SenderKilledMidway_SurvivorSendsRestAndReminderEachChannelOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var database = await ChangeBotInstances.CreateDatabaseAsync(ct);
        await using var slack = await SlackApiDouble.StartAsync();
        await using var instances = await ChangeBotInstances.StartAsync(2, i => ChangeBotInstances.Settings(database.ConnectionString, i, slack.ApiBaseUrl), ct);
        await using var store = new PostgresChangeBotStore(database.ConnectionString);
        await SubscribeChannelsAsync(store, ct);
        await ImportNoticeAsync(store, reminderDue: DateTimeOffset.UtcNow + ReminderAfter, ct);

        using (var api = instances.ApiClient(0))
        {
            (await api.PostAsync($"/api/v1/notices/{NoticeId}/publish", null, ct)).EnsureSuccessStatusCode();
        }

        // Either instance's Hangfire worker may have taken the dispatch job: kill the one that is posting.
        var early = await slack.WaitForAsync(IsKind("Broadcast"), count: 100, timeout: TimeSpan.FromMinutes(1));
        var sender = early.GroupBy(c => c.Authorization).MaxBy(g => g.Count())!.Key;
        var killed = Enumerable.Range(0, 2).Single(i => sender == "Bearer " + ChangeBotInstances.BotToken(i));
        instances[killed].Kill();
        var survivor = 1 - killed;
        var beforeKill = slack.Calls.Count(IsKind("Broadcast"));

        await slack.WaitForAsync(IsKind("Broadcast"), count: Channels, timeout: TimeSpan.FromSeconds(90));
        await slack.WaitForAsync(IsKind("Reminder"), count: Channels, timeout: TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(async () => (await store.ListDeliveriesAsync(NoticeId, ct)).Count(d => d.Status == DeliveryStatus.Sent) == 2 * Channels,
            TimeSpan.FromSeconds(30), "every delivery recorded as sent");
        // Stopped, the survivor can post nothing more: the counts below are final.
        await instances[survivor].StopAsync();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"instance {killed} sent {beforeKill} broadcasts before SIGKILL; instance {survivor} sent the rest and the reminders");
        Assert.True(beforeKill < Channels, $"the kill came too late to prove anything ({beforeKill} broadcasts before it)");
        var posts = slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        var broadcasts = OnePerChannel(posts.Where(IsKind("Broadcast")));
        var reminders = OnePerChannel(posts.Where(IsKind("Reminder")));
        Assert.Equal(2 * Channels, posts.Count);
        Assert.Contains(broadcasts.Values, c => c.Authorization == "Bearer " + ChangeBotInstances.BotToken(killed));
        Assert.Contains(broadcasts.Values, c => c.Authorization == "Bearer " + ChangeBotInstances.BotToken(survivor));

        // The ledger agrees: one record per message, each with its own Slack ts, reminders threaded under the broadcast.
        var ledger = await store.ListDeliveriesAsync(NoticeId, ct);
        Assert.All(ledger, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(2 * Channels, ledger.Select(d => d.PlatformMessageId).Distinct().Count());
        var roots = ledger.Where(d => d.Kind == DeliveryKind.Broadcast).ToDictionary(d => ConversationAddress.Parse(d.ChannelKey).Conversation, d => d.PlatformMessageId);
        Assert.Equal(broadcasts.Keys.Order(), roots.Keys.Order());
        Assert.All(reminders, r => Assert.Equal(roots[r.Key], r.Value.Json!["thread_ts"]?.GetValue<string>()));
        Assert.Equal(Channels, ledger.Count(d => d.Kind == DeliveryKind.Reminder));
    }

    /// <summary>Calls carrying a delivery key of this kind (the engine puts the key in Slack's message metadata).</summary>
    private static Func<SlackCall, bool> IsKind(string kind) => call =>
        call.Method == "chat.postMessage"
        && call.Json?["metadata"]?["event_payload"]?["delivery_key"]?.GetValue<string>() is { } key
        && key.Contains($"#{kind}#", StringComparison.Ordinal);

    private static Dictionary<string, SlackCall> OnePerChannel(IEnumerable<SlackCall> calls)
    {
        var perChannel = calls.GroupBy(c => c.Channel!).ToList();
        Assert.Equal(Channels, perChannel.Count);
        Assert.All(perChannel, g => Assert.True(g.Count() == 1, $"{g.Key} got {g.Count()} of the same message"));
        return perChannel.ToDictionary(g => g.Key, g => g.Single());
    }

    /// <summary>1,000 channels subscribed to everything, written straight to the shared database.</summary>
    private static async Task SubscribeChannelsAsync(PostgresChangeBotStore store, CancellationToken ct)
    {
        for (var i = 0; i < Channels; i++)
        {
            // Eight workspaces (all on the instance's Slack:BotToken): the adapter paces posts per workspace,
            // and one workspace of 1,000 channels would take minutes at Slack's workspace-wide cap.
            var address = new ConversationAddress(Platforms.Slack, $"T0SCALE{i % 8}", $"C{i:D5}");
            await store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U1", DateTimeOffset.UnixEpoch), ct);
        }
    }

    /// <summary>The notice, with one reminder a minute before its deadline, so due at <paramref name="reminderDue"/>.</summary>
    private static async Task ImportNoticeAsync(PostgresChangeBotStore store, DateTimeOffset reminderDue, CancellationToken ct)
    {
        var deadline = DateTimeOffset.FromUnixTimeSeconds(reminderDue.ToUnixTimeSeconds()).AddMinutes(1);
        string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var parsed = new NoticeImporter().Parse($"""
            ---
            id: {NoticeId}
            title: Scale-out test notice
            products: [api]
            timezone: UTC
            window:
              start: {Iso(deadline.AddHours(1))}
              end: {Iso(deadline.AddHours(2))}
            action_deadline: {Iso(deadline)}
            reminders: [1m]
            ---
            ## What is changing
            Everything, on two instances, exactly once.
            """, NoticeId + ".md");
        Assert.NotNull(parsed.Notice);
        await store.ImportNoticesAsync([parsed.Notice], ct);
    }
}
