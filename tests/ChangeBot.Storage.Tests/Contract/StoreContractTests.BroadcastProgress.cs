using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary><see cref="IBroadcastProgressStore"/>: the store's count is what <see cref="BroadcastProgress.Of"/> makes of the
/// notice's whole ledger, in every delivery state, while the ledger changes under it.</summary>
public abstract partial class StoreContractTests
{
    private static Delivery Message(string channel, DeliveryKind kind = DeliveryKind.Broadcast, string notice = "n1", int minutes = 0,
        string discriminator = "") =>
        Samples.Delivery(notice, channel, Samples.T0.AddMinutes(minutes), kind, discriminator);

    private static Delivery FailedAs(Delivery d, DeliveryFailureKind kind, string error, int attempts = 1) =>
        d with { Status = DeliveryStatus.Failed, FailureKind = kind, Error = error, Attempts = attempts };

    /// <summary>n1's broadcast in every state, other kinds of message beside it, and n2's (not counted for n1).
    /// Written as the engine writes: reserve, start attempts, record outcomes; a retried failure goes back to pending.</summary>
    private static async Task SeedProgressAsync(IChangeBotStore store)
    {
        var started = Message("slack:T1:C2");
        var throttled = Message("slack:T1:C3");
        var sent = Message("slack:T1:C4");
        var retried = Message("slack:T1:C7");
        await store.TryReserveDeliveriesAsync(
        [
            Message("slack:T1:C1"), started, throttled, sent, Message("slack:T1:C5"), Message("slack:T1:C6"), retried,
            // reserved with an error but never attempted: still a first try
            Message("slack:T1:C8") with { Error = "left by an import" },
            Message("slack:T1:C4", DeliveryKind.Update, discriminator: "1"),
            Message("slack:T1:C1", DeliveryKind.Reminder, discriminator: "3d"),
            Message("slack:T1:C2", DeliveryKind.Reminder, discriminator: "3d"),
            Message("slack:T1:C5", DeliveryKind.Update, minutes: 2, discriminator: "2"),
            Message("slack:T1:C5", DeliveryKind.Update, minutes: 1, discriminator: "1"),
            Message("slack:T1:C1", notice: "n2"), Message("slack:T1:C2", notice: "n2"),
        ], Ct);
        await store.TryReserveDeliveriesAsync([Message("slack:T1:C4", minutes: 5) with { Revision = 2 }], Ct);
        foreach (var d in new[] { started, throttled, sent, retried })
        {
            Assert.True(await store.TryStartAttemptAsync(d.Key, 0, Ct));
        }

        await store.UpdateDeliveryAsync(throttled with { Attempts = 1, Error = "ratelimited" }, Ct);
        Assert.True(await store.TryStartAttemptAsync(throttled.Key, 1, Ct)); // a second try under way: still throttled
        await store.UpdateDeliveryAsync(sent with { Status = DeliveryStatus.Sent, Attempts = 1, PlatformMessageId = "1.1", SentAt = Samples.T0 }, Ct);
        await store.UpdateDeliveryAsync(FailedAs(Message("slack:T1:C5"), DeliveryFailureKind.ChannelGone, "channel_not_found"), Ct);
        await store.UpdateDeliveryAsync(FailedAs(Message("slack:T1:C6"), DeliveryFailureKind.GaveUp, "service_unavailable", attempts: 5), Ct);
        await store.UpdateDeliveryAsync(FailedAs(retried, DeliveryFailureKind.GaveUp, "timeout", attempts: 5), Ct);
        await store.UpdateDeliveryAsync(retried with { Attempts = 5 }, Ct); // support's retry: pending, no error
        await store.UpdateDeliveryAsync(Message("slack:T1:C1", DeliveryKind.Reminder, discriminator: "3d") with
            { Status = DeliveryStatus.Sent, Attempts = 1, SentAt = Samples.T0 }, Ct);
        await store.UpdateDeliveryAsync(FailedAs(Message("slack:T1:C4", DeliveryKind.Update, discriminator: "1"), DeliveryFailureKind.NoThreadRoot, "no root"), Ct);
        await store.UpdateDeliveryAsync(FailedAs(Message("slack:T1:C5", DeliveryKind.Update, minutes: 2, discriminator: "2"), DeliveryFailureKind.Rejected, "invalid_blocks"), Ct);
        await store.UpdateDeliveryAsync(FailedAs(Message("slack:T1:C5", DeliveryKind.Update, minutes: 1, discriminator: "1"), DeliveryFailureKind.Rejected, "invalid_blocks"), Ct);
        await store.UpdateDeliveryAsync(FailedAs(Message("slack:T1:C2", notice: "n2"), DeliveryFailureKind.ChannelGone, "channel_not_found"), Ct);
    }

    private static void AssertSameProgress(BroadcastProgress expected, BroadcastProgress actual)
    {
        Assert.Equal((expected.Sent, expected.Pending, expected.Throttled, expected.Failed, expected.FailuresTotal),
            (actual.Sent, actual.Pending, actual.Throttled, actual.Failed, actual.FailuresTotal));
        AssertSameAll(expected.Failures, actual.Failures);
    }

    [Fact]
    public async Task CountProgress_BroadcastInEveryState_IsWhatTheWholeLedgerSays()
    {
        await SeedProgressAsync(Store);
        var beforeReopen = await Store.CountProgressAsync("n1", BroadcastProgress.MaxFailuresListed, Ct);

        var store = Reopen();
        var progress = await store.CountProgressAsync("n1", BroadcastProgress.MaxFailuresListed, Ct);

        // sent C4; pending C1, C2 (attempt under way), C7 (retried), C8, C4 revision 2; throttled C3; failed C5, C6
        Assert.Equal((1, 5, 1, 2), (progress.Sent, progress.Pending, progress.Throttled, progress.Failed));
        Assert.Equal(5, progress.FailuresTotal);
        Assert.Equal(
            ["slack:T1:C4 Update 1", "slack:T1:C5 Broadcast ", "slack:T1:C5 Update 1", "slack:T1:C5 Update 2", "slack:T1:C6 Broadcast "],
            progress.Failures.Select(f => $"{f.ChannelKey} {f.Kind} {f.Discriminator}"));
        AssertSameProgress(BroadcastProgress.Of(await store.ListDeliveriesAsync("n1", Ct)), progress);
        AssertSameProgress(progress, beforeReopen); // counted as it was written, and from the stored rows
        // n2 gets a delivery after the reopen, before anyone asks: its count still includes what was stored before.
        await store.TryReserveDeliveriesAsync([Message("slack:T1:C3", notice: "n2")], Ct);
        var n2 = await store.CountProgressAsync("n2", 10, Ct);
        Assert.Equal((0, 2, 0, 1), (n2.Sent, n2.Pending, n2.Throttled, n2.Failed));
        AssertSameProgress(BroadcastProgress.Of(await store.ListDeliveriesAsync("n2", Ct)), n2);
        AssertSameProgress(BroadcastProgress.Of([]), await store.CountProgressAsync("n3", 10, Ct));
    }

    [Fact]
    public async Task CountProgress_AskedWhileTheLedgerIsWritten_FollowsEveryWrite()
    {
        var store = Store;
        var first = Message("slack:T1:C1");
        var second = Message("slack:T1:C2");
        var other = Message("slack:T1:C1", DeliveryKind.Reminder, discriminator: "1");
        var steps = new Func<Task>[]
        {
            () => store.TryReserveDeliveriesAsync([first, second, other, first], Ct),
            () => store.TryStartAttemptAsync(first.Key, 0, Ct),
            () => store.UpdateDeliveryAsync(first with { Attempts = 1, Error = "ratelimited" }, Ct),
            () => store.TryStartAttemptAsync(first.Key, 1, Ct),
            () => store.UpdateDeliveryAsync(FailedAs(first, DeliveryFailureKind.GaveUp, "ratelimited", attempts: 2), Ct),
            () => store.UpdateDeliveryAsync(FailedAs(other, DeliveryFailureKind.NoThreadRoot, "no root"), Ct),
            () => store.UpdateDeliveryAsync(first with { Attempts = 2 }, Ct), // support's retry: pending, error cleared
            () => store.TryStartAttemptAsync(first.Key, 2, Ct),
            () => store.UpdateDeliveryAsync(first with { Status = DeliveryStatus.Sent, Attempts = 3, SentAt = Samples.T0 }, Ct),
            () => store.TryStartAttemptAsync(second.Key, 0, Ct),
            () => store.UpdateDeliveryAsync(FailedAs(second, DeliveryFailureKind.Rejected, "invalid_blocks"), Ct),
            () => store.TryStartAttemptAsync(second.Key, 0, Ct), // refused: changes nothing
        };

        var seen = new List<BroadcastProgress> { await store.CountProgressAsync("n1", 10, Ct) };
        foreach (var step in steps)
        {
            await step();
            var progress = await store.CountProgressAsync("n1", 10, Ct);
            AssertSameProgress(BroadcastProgress.Of(await store.ListDeliveriesAsync("n1", Ct)), progress);
            seen.Add(progress);
        }

        Assert.Equal(
            ["0 0 0 0 0", "0 2 0 0 0", "0 2 0 0 0", "0 1 1 0 0", "0 1 1 0 0", "0 1 0 1 1", "0 1 0 1 2", "0 2 0 0 1", "0 2 0 0 1",
                "1 1 0 0 1", "1 1 0 0 1", "1 0 0 1 2", "1 0 0 1 2"],
            seen.Select(p => $"{p.Sent} {p.Pending} {p.Throttled} {p.Failed} {p.FailuresTotal}"));
    }

    [Fact]
    public async Task CountProgress_MoreFailuresThanAsked_ListsTheFirstInOrderAndCountsAll()
    {
        await SeedProgressAsync(Store);
        var all = BroadcastProgress.Of(await Store.ListDeliveriesAsync("n1", Ct));

        var two = await Store.CountProgressAsync("n1", 2, Ct);
        var none = await Store.CountProgressAsync("n1", 0, Ct);

        AssertSameAll(all.Failures.Take(2), two.Failures);
        Assert.Empty(none.Failures);
        Assert.Equal((5, 5, 5), (all.FailuresTotal, two.FailuresTotal, none.FailuresTotal));
        Assert.Equal((all.Sent, all.Pending, all.Throttled, all.Failed), (none.Sent, none.Pending, none.Throttled, none.Failed));
    }

    [Fact]
    public async Task CountProgress_BadArguments_AreRefusedNamingWhatIsWrong()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("maxFailures", () => Store.CountProgressAsync("n1", -1, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("maxFailures",
            () => Store.CountProgressAsync("n1", BroadcastProgress.MaxFailuresListed + 1, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>("noticeId", () => Store.CountProgressAsync(null!, 1, Ct));
    }
}
