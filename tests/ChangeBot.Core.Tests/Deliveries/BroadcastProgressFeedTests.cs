using System.Reflection;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>The console's shared progress reading: one ledger read per notice per tick, spaced by how long a read
/// takes, and a failed read not kept for the next watcher.</summary>
public sealed class BroadcastProgressFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SlowReading_IsFreshFiftyTimesItsDuration_AndSharedUntilThen()
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var ledger = SlowLedger.Create(clock, took: TimeSpan.FromMilliseconds(100));
        var feed = new BroadcastProgressFeed(ledger, clock);

        var first = await feed.ReadAsync("n1", Ct);
        clock.Advance(TimeSpan.FromSeconds(4.8)); // past the 1 s interval, short of 50 x 100 ms
        var shared = await feed.ReadAsync("n1", Ct);
        var other = await feed.ReadAsync("n2", Ct);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var next = await feed.ReadAsync("n1", Ct);

        Assert.Equal(DeliveryHarness.Start + TimeSpan.FromSeconds(0.1) + TimeSpan.FromSeconds(5), first.FreshUntil);
        Assert.Same(first, shared);
        Assert.NotSame(first, next);
        Assert.Equal(3, ((SlowLedger)(object)ledger).Reads);
        Assert.Equal(3, feed.LedgerReads);
        Assert.Equal(TimeSpan.FromSeconds(0.3), feed.ReadingTime);
        Assert.NotSame(first, other);
    }

    [Fact]
    public async Task FailedReading_ReachesItsWatchers_AndTheNextWatcherReadsAgain()
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var ledger = SlowLedger.Create(clock, took: TimeSpan.Zero);
        ((SlowLedger)(object)ledger).FailNext = true;
        var feed = new BroadcastProgressFeed(ledger, clock);

        await Assert.ThrowsAsync<IOException>(() => feed.ReadAsync("n1", Ct));
        var retried = await feed.ReadAsync("n1", Ct);

        Assert.Equal(0, retried.Progress.Total);
        Assert.Equal(2, ((SlowLedger)(object)ledger).Reads);
    }

    /// <summary>A store whose <c>CountProgressAsync</c> takes <c>took</c> on the fake clock and counts nothing.</summary>
    public class SlowLedger : DispatchProxy
    {
        private FakeTimeProvider _clock = null!;
        private TimeSpan _took;
        private int _reads;

        public int Reads => _reads;

        public bool FailNext { get; set; }

        public static IBroadcastProgressStore Create(FakeTimeProvider clock, TimeSpan took)
        {
            var ledger = Create<IBroadcastProgressStore, SlowLedger>();
            var slow = (SlowLedger)(object)ledger;
            slow._clock = clock;
            slow._took = took;
            return ledger;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Assert.Equal(nameof(IBroadcastProgressStore.CountProgressAsync), targetMethod!.Name);
            Assert.Equal(0, args![1]); // the stream shows counts only
            Interlocked.Increment(ref _reads);
            _clock.Advance(_took);
            if (FailNext)
            {
                FailNext = false;
                return Task.FromException<BroadcastProgress>(new IOException("the ledger went away"));
            }

            return Task.FromResult(BroadcastProgress.Of([]));
        }
    }
}
