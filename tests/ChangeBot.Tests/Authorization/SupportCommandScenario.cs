using System.Text.Json;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Scheduling;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Unanswered;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Authorization;

/// <summary>
/// The store state every support command acts on, the same on every platform: per command its own notice
/// in the state where the command would succeed (a draft to publish; a published, delivered notice to
/// update, reschedule, cancel or report on), a subscribed channel so publishing would reserve deliveries,
/// and an unanswered question. A lane (one per entry point) gets its own notices, so one server can
/// serve every positive control without one command spoiling another's precondition.
/// </summary>
internal static class SupportCommandScenario
{
    public const string UnansweredQuestion = "is the moon made of green cheese";
    public const string UpdateText = "The runbook moved to the wiki.";
    public const string NewDeadline = "2031-03-01 10:00";

    /// <summary>Every support-only command of docs/support-workflow.md#chat-command-reference.</summary>
    public static readonly string[] CommandNames = ["publish", "update", "reschedule", "cancel", "readiness", "unanswered"];

    public static TheoryData<string> Commands => new(CommandNames);

    public static string NoticeId(string lane, string command) => $"authz-{lane}-{command}";

    /// <summary>What a person types for <paramref name="command"/> in <paramref name="lane"/>.</summary>
    public static string Text(string lane, string command) => command switch
    {
        "publish" or "cancel" or "readiness" => $"{command} {NoticeId(lane, command)}",
        "update" => $"update {NoticeId(lane, command)} {UpdateText}",
        "reschedule" => $"reschedule {NoticeId(lane, command)} {NewDeadline}",
        "unanswered" => "unanswered",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a support command"),
    };

    /// <summary>Seeds the notices of every lane; <paramref name="channel"/> is subscribed to everything and
    /// has received the published ones, so updates and cancellations would be threaded there.</summary>
    public static async Task SeedAsync(IServiceProvider services, ConversationAddress channel, params string[] lanes)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = services.GetRequiredService<IChangeBotStore>();
        var now = DateTimeOffset.UtcNow;
        await store.UpsertSubscriptionAsync(new Subscription(channel, [], "seed", now), ct);
        await store.AddUnansweredAsync(new UnansweredQuestion("q-authz", UnansweredQuestion, "slack:UCUSTOMER", channel.Key, null, now), ct);
        foreach (var lane in lanes)
        {
            foreach (var command in new[] { "publish", "update", "reschedule", "cancel", "readiness" })
            {
                var id = NoticeId(lane, command);
                await store.ImportNoticesAsync([Draft(id)], ct);
                if (command == "publish")
                {
                    continue;
                }

                Assert.True(await store.UpdateNoticeAsync((await store.GetNoticeAsync(id, ct))! with { State = NoticeState.Published }, 1, ct));
                var broadcast = new Delivery { NoticeId = id, Revision = 2, ChannelKey = channel.Key, Kind = DeliveryKind.Broadcast, CreatedAt = now };
                Assert.True(await store.TryReserveDeliveryAsync(broadcast, ct));
                await store.UpdateDeliveryAsync(broadcast with { Status = DeliveryStatus.Sent, PlatformMessageId = "1712400000.000001", Attempts = 1, SentAt = now }, ct);
                // Its reminders, as a real publish plans them (the start-up sweep would do it otherwise, mid-test).
                await services.GetRequiredService<NoticeScheduler>().SyncAsync((await store.GetNoticeAsync(id, ct))!, ct);
            }
        }
    }

    /// <summary>Everything a support action could change: notices (state, revision, updates, deadline),
    /// the delivery ledger's records, scheduled jobs and the audit log.</summary>
    public static async Task<string> SnapshotAsync(IChangeBotStore store)
    {
        var ct = TestContext.Current.CancellationToken;
        var notices = (await store.ListNoticesAsync(ct)).OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        var state = new List<object>();
        foreach (var n in notices)
        {
            var deliveries = (await store.ListDeliveriesAsync(n.Id, ct)).Select(d => d.Key).Order(StringComparer.Ordinal);
            var jobs = (await store.ListScheduledJobsAsync(n.Id, ct)).Select(j => j.Key).Order(StringComparer.Ordinal);
            state.Add(new { n.Id, n.State, n.Revision, n.ActionDeadline, Updates = n.Updates.Count, deliveries, jobs });
        }

        state.Add(new { audit = (await store.ListAuditAsync(1000, ct)).Select(a => a.Id) });
        return JsonSerializer.Serialize(state);
    }

    /// <summary>The reply a non-support user gets: the refusal, and nothing the command would have shown.</summary>
    public static void AssertRefused(string command, string replyText)
    {
        Assert.Contains($"'{command}' is for the support team only", replyText, StringComparison.Ordinal);
        Assert.Contains("I have not changed anything", replyText, StringComparison.Ordinal);
        Assert.DoesNotContain(UnansweredQuestion, replyText, StringComparison.Ordinal);
        Assert.DoesNotContain("Readiness", replyText, StringComparison.Ordinal);
    }

    /// <summary>The positive control: from a support user the same command did its job, and a change is
    /// audited with who (the platform-qualified user), from which surface, when and what.</summary>
    public static async Task AssertCarriedOutAsync(IChangeBotStore store, string lane, string command, string replyText, string userId, string surface, DateTimeOffset sentAt)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.DoesNotContain("support team only", replyText, StringComparison.Ordinal);
        var id = NoticeId(lane, command);
        var notice = command == "unanswered" ? null : await store.GetNoticeAsync(id, ct);
        switch (command)
        {
            case "publish":
                Assert.Equal(NoticeState.Published, notice!.State);
                Assert.Contains(await store.ListDeliveriesAsync(id, ct), d => d.Kind == DeliveryKind.Broadcast);
                break;
            case "update":
                Assert.Equal(UpdateText, Assert.Single(notice!.Updates).Text);
                Assert.Contains(await store.ListDeliveriesAsync(id, ct), d => d.Kind == DeliveryKind.Update);
                break;
            case "reschedule":
                Assert.Equal(new DateTimeOffset(2031, 3, 1, 9, 0, 0, TimeSpan.Zero), notice!.ActionDeadline);
                break;
            case "cancel":
                Assert.Equal(NoticeState.Cancelled, notice!.State);
                Assert.Contains(await store.ListDeliveriesAsync(id, ct), d => d.Kind == DeliveryKind.StateChange);
                break;
            case "readiness":
                Assert.Contains("0 of 1 channels are ready or not affected", replyText, StringComparison.Ordinal);
                return;
            case "unanswered":
                Assert.Contains(UnansweredQuestion, replyText, StringComparison.Ordinal);
                return;
        }

        var entry = Assert.Single(await store.ListAuditAsync(1000, ct), a => a.NoticeId == id);
        Assert.Equal((userId, surface, command), (entry.Actor, entry.Surface, entry.Action));
        Assert.InRange(entry.At, sentAt.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.False(string.IsNullOrWhiteSpace(entry.Details));
    }

    private static Notice Draft(string id)
    {
        var start = new DateTimeOffset(2031, 3, 1, 21, 0, 0, TimeSpan.Zero);
        return new Notice
        {
            Id = id,
            Title = $"Database upgrade ({id})",
            Products = ["api"],
            TimeZone = "Europe/Berlin",
            WindowStart = start,
            WindowEnd = start.AddHours(4),
            ActionDeadline = start.AddHours(-10),
            Body = "## What is changing\nThe database moves to a new major version.",
            ContentHash = id,
        };
    }
}
