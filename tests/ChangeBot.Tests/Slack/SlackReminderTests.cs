using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Slack;

/// <summary>
/// Reminders must be seen: in the notice's thread and also in the channel (<c>reply_broadcast</c>), while
/// updates stay quietly threaded; and the ledger still posts a reminder exactly once when Slack's answer is lost.
/// </summary>
public sealed class SlackReminderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ConversationAddress Channel = new(Platforms.Slack, "T0AAAAAAA", "C0REMIND");

    [Fact]
    public async Task Reminder_IsAThreadReplyAlsoShownInTheChannel_UpdateStaysInTheThread()
    {
        await using var t = await SlackTestApp.StartAsync();
        var (engine, notice, root) = await BroadcastAsync(t);

        await engine.ReserveAsync(notice, DeliveryKind.Reminder, "1440|0", [Channel.Key], Ct);
        await engine.ReserveAsync(notice, DeliveryKind.Update, "1", [Channel.Key], Ct);
        await engine.DispatchAsync(notice.Id, Ct);

        var posts = t.Slack.Calls.Where(c => c.Method == "chat.postMessage").Skip(1).ToList();
        var reminder = Assert.Single(posts, p => p.Body.Contains("Reminder:", StringComparison.Ordinal));
        var update = Assert.Single(posts, p => p.Body.Contains("Update:", StringComparison.Ordinal));
        Assert.Equal(root, (string?)reminder.Json!["thread_ts"]);
        Assert.True(reminder.Json!["reply_broadcast"]?.GetValue<bool>());
        Assert.Equal(root, (string?)update.Json!["thread_ts"]);
        Assert.Null(update.Json!["reply_broadcast"]);
    }

    [Fact]
    public async Task Reminder_AnswerLost_RetryFindsItInTheChannelAndPostsNothingMore()
    {
        await using var t = await SlackTestApp.StartAsync(tuning: SlackTestApp.FastTuning with { MaxRetries = 0 });
        var (engine, notice, _) = await BroadcastAsync(t);
        await engine.ReserveAsync(notice, DeliveryKind.Reminder, "1440|0", [Channel.Key], Ct);
        t.Slack.LoseNextAnswer("chat.postMessage");

        await engine.DispatchAsync(notice.Id, Ct); // posted, but Slack's answer never arrived
        var afterFirst = Reminder(await t.Store.ListDeliveriesAsync(notice.Id, Ct));
        await engine.DispatchAsync(notice.Id, Ct); // the retry

        Assert.Equal(DeliveryStatus.Pending, afterFirst.Status);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Body.Contains("Reminder:", StringComparison.Ordinal));
        var reminder = Reminder(await t.Store.ListDeliveriesAsync(notice.Id, Ct));
        Assert.Equal(DeliveryStatus.Sent, reminder.Status);
        Assert.NotNull(reminder.PlatformMessageId);
    }

    [Fact]
    public async Task Reminder_AnswerLost_InlineRetryLooksFirstAndDoesNotPostTwice()
    {
        // The client's own retries (MaxRetries > 0) must not repost what Slack already took.
        await using var t = await SlackTestApp.StartAsync();
        var (engine, notice, _) = await BroadcastAsync(t);
        await engine.ReserveAsync(notice, DeliveryKind.Reminder, "1440|0", [Channel.Key], Ct);
        t.Slack.LoseNextAnswer("chat.postMessage");

        await engine.DispatchAsync(notice.Id, Ct);

        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Body.Contains("Reminder:", StringComparison.Ordinal));
        Assert.Contains(t.Slack.Calls, c => c.Method == "conversations.history");
        var reminder = Reminder(await t.Store.ListDeliveriesAsync(notice.Id, Ct));
        Assert.Equal(DeliveryStatus.Sent, reminder.Status);
        Assert.NotNull(reminder.PlatformMessageId);
    }

    private static Delivery Reminder(IEnumerable<Delivery> deliveries) => Assert.Single(deliveries, d => d.Kind == DeliveryKind.Reminder);

    private static async Task<(DeliveryEngine Engine, Notice Notice, string Root)> BroadcastAsync(SlackTestApp t)
    {
        await t.Store.UpsertSubscriptionAsync(new Subscription(Channel, [], "slack:U0USERAAA", DateTimeOffset.UtcNow), Ct);
        await t.Store.ImportNoticesAsync([new Notice
        {
            Id = "reminder-notice",
            Title = "Reminder notice",
            State = NoticeState.Published,
            ActionDeadline = DateTimeOffset.UtcNow.AddDays(1),
            Updates = [new NoticeUpdate(1, "The test endpoint is back.", "support", DateTimeOffset.UtcNow)],
        }], Ct);
        var engine = t.App.Services.GetRequiredService<DeliveryEngine>();
        var notice = (await t.Store.GetNoticeAsync("reminder-notice", Ct))!;
        await engine.ReserveAsync(notice, DeliveryKind.Broadcast, "", [Channel.Key], Ct);
        await engine.DispatchAsync(notice.Id, Ct);
        var root = Assert.Single(await t.Store.ListDeliveriesAsync(notice.Id, Ct)).PlatformMessageId!;
        return (engine, notice, root);
    }
}
