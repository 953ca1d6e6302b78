using System.Reflection;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Scheduling;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>
/// A publish that loses its compare-and-set to another change leaves nothing in the ledger: a chat `publish`
/// that read the draft, paused while the console saved an edit and published it, must not leave a broadcast
/// owed on the draft's revision (the dispatch would then send the notice twice), nor one on a cancelled notice.
/// </summary>
public sealed class PublishRaceTests : IDisposable
{
    private const string Id = "tls-change";
    private readonly TempDirectory _data = new();

    public static TheoryData<string> Stores => ["memory", "litedb"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Publish_LosingToAnEditAndPublish_LeavesOnlyTheWinnersBroadcast(string kind)
    {
        using var h = await Setup.StartAsync(kind, _data.Path);
        var chat = await h.PauseAfterReadAsync(() => h.Operations.PublishAsync(Id, Support));

        // The console, meanwhile: saves edited text (revision 2, still a draft), then publishes revision 2.
        Assert.NotNull(await h.Store.TryImportNoticeAsync(DeliveryHarness.SampleNotice() with { Title = "TLS change (edited)", ContentHash = "hash-2" }, 1));
        Assert.True((await h.Operations.PublishAsync(Id, Support, 2)).Succeeded);

        var lost = await h.ReleaseAsync(chat);

        Assert.Equal(OperationError.Conflict, lost.Error);
        var ledger = await h.Store.ListDeliveriesAsync(Id);
        Assert.Equal([3, 3], ledger.Select(d => d.Revision).Order());
        await h.DrainAsync();
        Assert.Equal(["c1", "c2"], h.Channel.Posted.Select(p => p.To.Conversation).Order(StringComparer.Ordinal));
        Assert.All(h.Channel.Posted, p => Assert.Equal("TLS change (edited)", p.Reply.Title));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Publish_LosingToACancel_LeavesNothingToSend(string kind)
    {
        using var h = await Setup.StartAsync(kind, _data.Path);
        var chat = await h.PauseAfterReadAsync(() => h.Operations.PublishAsync(Id, Support));

        Assert.True((await h.Operations.CancelAsync(Id, Support, 1)).Succeeded);
        var lost = await h.ReleaseAsync(chat);

        Assert.Equal(OperationError.Conflict, lost.Error);
        Assert.Empty(await h.Store.ListDeliveriesAsync(Id));
        await h.DrainAsync();
        Assert.Empty(h.Channel.Posted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TwoPublishes_OfTheSameRevision_SendOneBroadcast(string kind)
    {
        using var h = await Setup.StartAsync(kind, _data.Path);
        var chat = await h.PauseAfterReadAsync(() => h.Operations.PublishAsync(Id, Support));

        Assert.True((await h.Operations.PublishAsync(Id, Support, 1)).Succeeded);
        var lost = await h.ReleaseAsync(chat);

        Assert.Equal(OperationError.Conflict, lost.Error);
        Assert.Equal([2, 2], (await h.Store.ListDeliveriesAsync(Id)).Select(d => d.Revision));
        await h.DrainAsync();
        Assert.Equal(2, h.Channel.Posted.Count);
    }

    private static Actor Support => DeliveryHarness.Support;

    public void Dispose() => _data.Dispose();

    /// <summary>Operations and engine over one store, behind a proxy that can hold a call right after it read the notice.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly IChangeBotStore _inner;
        private readonly PauseAfterRead _pause;

        private Setup(IChangeBotStore inner)
        {
            _inner = inner;
            Store = PauseAfterRead.Wrap(inner, out _pause);
            var time = new FakeTimeProvider(DeliveryHarness.Start);
            var alerts = new SupportAlerts([], [Channel], NullLogger<SupportAlerts>.Instance);
            Engine = new DeliveryEngine(Store, [Channel], Jobs, time, NullLogger<DeliveryEngine>.Instance, alerts);
            Operations = new NoticeOperations(Store, Engine, new NoticeScheduler(Store, Jobs, time), alerts, new AuditTrail(Store, time), time, []);
        }

        public IChangeBotStore Store { get; }

        public RecordingChannel Channel { get; } = new("test");

        public RecordingJobs Jobs { get; } = new();

        public DeliveryEngine Engine { get; }

        public NoticeOperations Operations { get; }

        public static async Task<Setup> StartAsync(string kind, string folder)
        {
            var h = new Setup(kind == "litedb" ? new LiteDbChangeBotStore(Path.Combine(folder, "race.db")) : new InMemoryChangeBotStore());
            await h.Store.ImportNoticesAsync([DeliveryHarness.SampleNotice(Id)]);
            foreach (var conversation in new[] { "c1", "c2" })
            {
                await h.Store.UpsertSubscriptionAsync(new Subscription(new ConversationAddress("test", "w1", conversation), [], "test:someone", DeliveryHarness.Start));
            }

            return h;
        }

        /// <summary>Starts <paramref name="call"/> and returns once it has read the notice and is held there.</summary>
        public async Task<Task<OperationResult>> PauseAfterReadAsync(Func<Task<OperationResult>> call)
        {
            _pause.Arm();
            var running = Task.Run(call);
            await _pause.Held.Task;
            return running;
        }

        public async Task<OperationResult> ReleaseAsync(Task<OperationResult> held)
        {
            _pause.Release.SetResult();
            return await held;
        }

        public async Task DrainAsync()
        {
            while (Jobs.TakeDispatches() is { Count: > 0 } notices)
            {
                foreach (var id in notices.Distinct())
                {
                    await Engine.DispatchAsync(id);
                }
            }
        }

        public void Dispose() => (_inner as IDisposable)?.Dispose();
    }

    /// <summary>Holds the first <see cref="INoticeStore.GetNoticeAsync"/> after <see cref="Arm"/> once it has read,
    /// until <see cref="Release"/>: the interleaving of a racing operation, forced by signals.</summary>
    public class PauseAfterRead : DispatchProxy
    {
        private IChangeBotStore _inner = null!;
        private int _armed;

        public TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static IChangeBotStore Wrap(IChangeBotStore inner, out PauseAfterRead pause)
        {
            var proxy = Create<IChangeBotStore, PauseAfterRead>();
            pause = (PauseAfterRead)(object)proxy;
            pause._inner = inner;
            return proxy;
        }

        public void Arm() => Volatile.Write(ref _armed, 1);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            object? result;
            try
            {
                result = targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e)
            {
                throw e.InnerException!;
            }

            return targetMethod.Name == nameof(INoticeStore.GetNoticeAsync) && Interlocked.Exchange(ref _armed, 0) == 1
                ? HoldAsync((Task<Notice?>)result!)
                : result;
        }

        private async Task<Notice?> HoldAsync(Task<Notice?> read)
        {
            var notice = await read;
            Held.SetResult();
            await Release.Task;
            return notice;
        }
    }
}
