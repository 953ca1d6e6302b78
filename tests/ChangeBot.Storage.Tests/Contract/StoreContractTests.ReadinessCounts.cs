using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary><see cref="IReadinessCountStore"/>: the numbers <see cref="Readiness.CountAsync"/> computes from every row, and
/// the per-channel report (<see cref="Readiness.ReportAsync"/>) shows, for many notices in one call.</summary>
public abstract partial class StoreContractTests
{
    private static Acknowledgement Answer(string channel, AckAnswer answer, DateTimeOffset at, string notice = "n1", string user = "U1") =>
        new(notice, channel, answer, user, at);

    /// <summary>n1: broadcast to C1..C4 (C1 twice, two revisions), an update to C5 and a reminder to C2 (neither
    /// is a broadcast); C1 changed its mind to ready; C2's ready is the latest although its not-affected arrived after
    /// it; C3 gave two answers at one instant (the one stored last counts); C6 answered without a delivery; C7 only
    /// ran a check; C4 is silent. n2: one channel, ready.</summary>
    private async Task SeedReadinessAsync(IChangeBotStore store)
    {
        Delivery Broadcast(string channel, int revision = 1, string notice = "n1") =>
            Samples.Delivery(notice, channel) with { Revision = revision };
        await store.TryReserveDeliveriesAsync(
        [
            Broadcast("slack:T1:C1"), Broadcast("slack:T1:C2"), Broadcast("slack:T1:C3"), Broadcast("slack:T1:C4"),
            Samples.Delivery("n1", "slack:T1:C5", kind: DeliveryKind.Update, discriminator: "1"),
            Samples.Delivery("n1", "slack:T1:C2", kind: DeliveryKind.Reminder, discriminator: "3d"),
            Broadcast("slack:T1:C1", notice: "n2"),
        ], Ct);
        await store.TryReserveDeliveriesAsync([Broadcast("slack:T1:C1", revision: 2), Broadcast("slack:T1:C2")], Ct);
        await store.UpdateDeliveryAsync(Broadcast("slack:T1:C4") with { Status = DeliveryStatus.Failed, Error = "channel_not_found" }, Ct);
        var t = Samples.T0;
        foreach (var answer in new[]
        {
            Answer("slack:T1:C1", AckAnswer.NeedHelp, t),
            Answer("slack:T1:C1", AckAnswer.Ready, t.AddMinutes(2)),
            Answer("slack:T1:C1", AckAnswer.Ready, t.AddMinutes(2)),
            Answer("slack:T1:C2", AckAnswer.Ready, t.AddMinutes(5).ToOffset(TimeSpan.FromHours(5))),
            Answer("slack:T1:C2", AckAnswer.NotAffected, t.AddMinutes(1), user: "U2"),
            Answer("slack:T1:C3", AckAnswer.NeedHelp, t.AddMinutes(3)),
            Answer("slack:T1:C3", AckAnswer.NotAffected, t.AddMinutes(3), user: "U2"),
            Answer("slack:T1:C6", AckAnswer.NeedHelp, t.AddMinutes(4)),
            Answer("slack:T1:C1", AckAnswer.Ready, t.AddMinutes(9), notice: "n2"),
        })
        {
            await store.AddAcknowledgementAsync(answer, Ct);
        }

        await store.AddChannelCheckAsync(Check("slack:T1:C7", t), Ct);
        await store.AddChannelCheckAsync(Check("slack:T1:C1", t, CheckVerdict.Problems, "n1", "untrusted-root"), Ct);
    }

    [Fact]
    public async Task CountReadiness_SeveralNotices_LatestAnswerPerChannelOverBroadcastAnsweredAndCheckedChannels()
    {
        await SeedReadinessAsync(Store);

        var store = Reopen();
        var counts = await store.CountReadinessAsync(["n1", "n2", "n3", "n1"], Ct);

        Assert.Equal(["n1", "n2", "n3"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ReadinessCounts(Channels: 6, Ready: 2, NotAffected: 1, NeedHelp: 1, NoAnswer: 2), counts["n1"]);
        Assert.Equal(new ReadinessCounts(1, 1, 0, 0, 0), counts["n2"]);
        Assert.Equal(ReadinessCounts.None, counts["n3"]);
        foreach (var id in new[] { "n1", "n2", "n3" })
        {
            Assert.Equal(await Readiness.CountAsync(store, id, Ct), counts[id]);
            Assert.Equal(TallyOfReport(await Readiness.ReportAsync(store, id, Ct)), counts[id]);
        }
    }

    [Fact]
    public async Task CountReadiness_AnswersAndChecksAfterAReopen_MoveTheCounts()
    {
        await SeedReadinessAsync(Store);
        var store = Reopen();
        await store.CountReadinessAsync(["n1"], Ct);

        // C4 answers at last; C2 now needs help (later than its ready); an older answer from C1 changes nothing;
        // C8 checks and C9 is broadcast to (a new revision reached it); C7's second check adds no channel.
        await store.AddAcknowledgementAsync(Answer("slack:T1:C4", AckAnswer.NotAffected, Samples.T0.AddHours(1)), Ct);
        await store.AddAcknowledgementAsync(Answer("slack:T1:C2", AckAnswer.NeedHelp, Samples.T0.AddHours(1)), Ct);
        await store.AddAcknowledgementAsync(Answer("slack:T1:C1", AckAnswer.NeedHelp, Samples.T0.AddSeconds(-1)), Ct);
        await store.AddChannelCheckAsync(Check("slack:T1:C8", Samples.T0), Ct);
        await store.AddChannelCheckAsync(Check("slack:T1:C7", Samples.T0.AddHours(1)), Ct);
        await store.TryReserveDeliveriesAsync([Samples.Delivery("n1", "slack:T1:C9") with { Revision = 2 }], Ct);

        store = Reopen();
        var counts = await store.CountReadinessAsync(["n1"], Ct);

        Assert.Equal(new ReadinessCounts(Channels: 8, Ready: 1, NotAffected: 2, NeedHelp: 2, NoAnswer: 3), counts["n1"]);
        Assert.Equal(TallyOfReport(await Readiness.ReportAsync(store, "n1", Ct)), counts["n1"]);
    }

    [Fact]
    public async Task CountReadiness_NoIdsOrTooMany_EmptyOrRefused()
    {
        Assert.Empty(await Store.CountReadinessAsync([], Ct));

        var tooMany = Enumerable.Range(0, IReadinessCountStore.MaxNotices + 1).Select(i => $"n{i}").ToList();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CountReadinessAsync(tooMany, Ct));
        Assert.Contains(IReadinessCountStore.MaxNotices.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(IReadinessCountStore.MaxNotices,
            (await Store.CountReadinessAsync([.. tooMany.Take(IReadinessCountStore.MaxNotices), "n0"], Ct)).Count);
    }

    private static ReadinessCounts TallyOfReport(IReadOnlyList<ChannelReadiness> rows)
    {
        int Count(AckAnswer answer) => rows.Count(r => r.Answer?.Answer == answer);
        return new ReadinessCounts(rows.Count, Count(AckAnswer.Ready), Count(AckAnswer.NotAffected), Count(AckAnswer.NeedHelp), rows.Count(r => r.Answer is null));
    }
}
