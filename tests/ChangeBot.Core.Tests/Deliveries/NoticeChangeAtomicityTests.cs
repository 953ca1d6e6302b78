using System.Reflection;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Scheduling;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>
/// A change to a published notice and the messages that tell its channels are one write
/// (<see cref="INoticeOutbox.UpdateNoticeAndReserveAsync"/>). Saved apart, a crash between the two left the notice
/// changed and nobody told, for good: a retry finds the change already made. The crash is a store that fails when
/// messages are reserved on their own.
/// </summary>
public sealed class NoticeChangeAtomicityTests
{
    private const string Id = "tls-change";

    [Theory]
    [InlineData("update", DeliveryKind.Update)]
    [InlineData("reschedule", DeliveryKind.Update)]
    [InlineData("cancel", DeliveryKind.StateChange)]
    [InlineData("window starts", DeliveryKind.StateChange)]
    public async Task Change_WhenReservingMessagesApartWouldCrash_IsStoredWithItsMessages(string change, DeliveryKind told)
    {
        var h = await Harness.PublishedAsync();
        var before = (await h.Store.GetNoticeAsync(Id))!;
        h.Crash.Armed = true;

        try
        {
            await (change switch
            {
                "update" => h.Operations.UpdateAsync(Id, "The window moves by an hour.", Support),
                "reschedule" => h.Operations.RescheduleAsync(Id, "2016-11-30T09:00:00Z", Support),
                "cancel" => h.Operations.CancelAsync(Id, Support),
                _ => StartWindowAsync(h, before),
            });
        }
        catch (CrashingStore.Crash)
        {
            // What the old code did: the notice was saved, then the process died before its messages were reserved.
        }

        var after = (await h.Store.GetNoticeAsync(Id))!;
        Assert.Equal(before.Revision + 1, after.Revision);
        Assert.Equal(["c1", "c2"], (await h.Store.ListDeliveriesAsync(Id)).Where(d => d.Kind == told && d.Revision == after.Revision)
            .Select(d => d.ChannelKey.Split(':')[^1]).Order(StringComparer.Ordinal));
    }

    private static async Task<OperationResult> StartWindowAsync(Harness h, Notice notice)
    {
        h.Time.SetUtcNow(notice.WindowStart!.Value.AddMinutes(1));
        await h.Jobs.ApplyScheduledStateAsync(notice);
        return OperationResult.Ok(ChangeBot.Core.Conversations.Reply.Plain("moved"));
    }

    private static Actor Support => DeliveryHarness.Support;

    private sealed class Harness
    {
        private Harness()
        {
            Store = CrashingStore.Wrap(new InMemoryChangeBotStore(), out var crash);
            Crash = crash;
            var alerts = new SupportAlerts([], [Channel], NullLogger<SupportAlerts>.Instance);
            Engine = new DeliveryEngine(Store, [Channel], Recorded, Time, NullLogger<DeliveryEngine>.Instance, alerts);
            var scheduler = new NoticeScheduler(Store, Recorded, Time);
            Operations = new NoticeOperations(Store, Engine, scheduler, alerts, new AuditTrail(Store, Time), Time, []);
            Jobs = new NoticeJobs(Store, Engine, scheduler, Time, []);
        }

        public IChangeBotStore Store { get; }

        public CrashingStore Crash { get; }

        public FakeTimeProvider Time { get; } = new(DeliveryHarness.Start);

        public RecordingChannel Channel { get; } = new("test");

        public RecordingJobs Recorded { get; } = new();

        public DeliveryEngine Engine { get; }

        public NoticeOperations Operations { get; }

        public NoticeJobs Jobs { get; }

        /// <summary>The sample notice published and broadcast to c1 and c2.</summary>
        public static async Task<Harness> PublishedAsync()
        {
            var h = new Harness();
            await h.Store.ImportNoticesAsync([DeliveryHarness.SampleNotice(Id)]);
            foreach (var conversation in new[] { "c1", "c2" })
            {
                await h.Store.UpsertSubscriptionAsync(new Subscription(new ConversationAddress("test", "w1", conversation), [], "test:someone", DeliveryHarness.Start));
            }

            Assert.True((await h.Operations.PublishAsync(Id, Support)).Succeeded);
            while (h.Recorded.TakeDispatches() is { Count: > 0 } notices)
            {
                foreach (var id in notices.Distinct())
                {
                    await h.Engine.DispatchAsync(id);
                }
            }

            Assert.Equal(2, h.Channel.Posted.Count);
            return h;
        }
    }

    /// <summary>Fails <see cref="IDeliveryLedger.TryReserveDeliveriesAsync"/> once <see cref="Armed"/>: the process dying
    /// after a notice change was saved and before the messages it owes were reserved on their own.</summary>
    public class CrashingStore : DispatchProxy
    {
        private IChangeBotStore _inner = null!;

        public bool Armed { get; set; }

        public static IChangeBotStore Wrap(IChangeBotStore inner, out CrashingStore crash)
        {
            var proxy = Create<IChangeBotStore, CrashingStore>();
            crash = (CrashingStore)(object)proxy;
            crash._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (Armed && targetMethod!.Name == nameof(IDeliveryLedger.TryReserveDeliveriesAsync))
            {
                throw new Crash();
            }

            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e)
            {
                throw e.InnerException!;
            }
        }

        public sealed class Crash : Exception;
    }
}
