using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task TryReserveDelivery_SameKeyTwice_SecondIsFalseAndKeepsFirst()
    {
        var first = Samples.Delivery();

        var reserved = await Store.TryReserveDeliveryAsync(first, Ct);
        var again = await Store.TryReserveDeliveryAsync(first with { CreatedAt = Samples.T0.AddHours(1), Attempts = 5 }, Ct);

        Assert.Equal((true, false), (reserved, again));
        AssertSame(first, await Reopen().GetDeliveryAsync(first.Key, Ct));
    }

    [Fact]
    public async Task TryStartAttempt_EightWorkersThatSawTheSameRecord_ExactlyOneStartsIt()
    {
        var store = Store;
        var delivery = Samples.Delivery() with { Attempts = 2 };
        await store.TryReserveDeliveryAsync(delivery, Ct);

        var results = await RaceAsync(8, _ => store.TryStartAttemptAsync(delivery.Key, 2, Ct));

        Assert.Single(results, r => r);
        var stored = await Reopen().GetDeliveryAsync(delivery.Key, Ct);
        Assert.Equal((DeliveryStatus.Pending, 3), (stored!.Status, stored.Attempts));
    }

    [Fact]
    public async Task TryStartAttempt_StaleCountSentOrUnknownRecord_IsFalseAndChangesNothing()
    {
        var pending = Samples.Delivery();
        await Store.TryReserveDeliveryAsync(pending, Ct);
        var sent = Samples.Delivery(channel: "slack:T1:CSENT");
        await Store.TryReserveDeliveryAsync(sent, Ct);
        await Store.UpdateDeliveryAsync(sent with { Status = DeliveryStatus.Sent, PlatformMessageId = "1.2", SentAt = Samples.T0 }, Ct);

        var results = (
            await Store.TryStartAttemptAsync(pending.Key, 1, Ct),
            await Store.TryStartAttemptAsync(sent.Key, 0, Ct),
            await Store.TryStartAttemptAsync("no-such-delivery", 0, Ct));

        Assert.Equal((false, false, false), results);
        AssertSame(pending, await Reopen().GetDeliveryAsync(pending.Key, Ct));
        Assert.Equal(0, (await Reopen().GetDeliveryAsync(sent.Key, Ct))!.Attempts);
    }

    [Fact]
    public async Task TryReserveDeliveries_BatchWithExistingAndRepeatedKeys_InsertsEachNewKeyOnceAndKeepsTheFirst()
    {
        var existing = Samples.Delivery(channel: "slack:T1:C0");
        await Store.TryReserveDeliveryAsync(existing, Ct);
        var fresh = Enumerable.Range(1, 2500).Select(i => Samples.Delivery(channel: $"slack:T1:C{i}")).ToList();
        var batch = fresh.Append(existing with { Attempts = 7 }).Append(fresh[0] with { Attempts = 9 }).ToList();

        var inserted = await Store.TryReserveDeliveriesAsync(batch, Ct);

        Assert.Equal(fresh.Count, inserted);
        var stored = await Reopen().ListDeliveriesAsync(existing.NoticeId, Ct);
        Assert.Equal(fresh.Count + 1, stored.Count);
        AssertSame(existing, stored.Single(d => d.Key == existing.Key));
        AssertSame(fresh[0], stored.Single(d => d.Key == fresh[0].Key));
        AssertSame(fresh[^1], stored.Single(d => d.Key == fresh[^1].Key));
    }

    [Fact]
    public async Task TryReserveDeliveries_EightRacingBatchesOfTheSameKeys_EachKeyIsReservedOnce()
    {
        var store = Store;
        var keys = Enumerable.Range(0, 300).Select(i => Samples.Delivery(channel: $"slack:T1:C{i}")).ToList();

        var inserted = await RaceAsync(8, i => store.TryReserveDeliveriesAsync([.. keys.Skip(i * 10)], Ct));

        Assert.Equal(keys.Count, inserted.Sum());
        Assert.Equal(keys.Count, (await Reopen().ListDeliveriesAsync(keys[0].NoticeId, Ct)).Count);
    }

    [Fact]
    public async Task TryReserveDeliveries_EmptyBatch_InsertsNothing()
    {
        Assert.Equal(0, await Store.TryReserveDeliveriesAsync([], Ct));
    }

    [Fact]
    public async Task TryReserveDelivery_EightRacingWriters_ExactlyOneIsTrue()
    {
        var store = Store;
        var results = await RaceAsync(8, i => store.TryReserveDeliveryAsync(Samples.Delivery() with { Attempts = i }, Ct));

        Assert.Single(results, r => r);
        var stored = await Reopen().GetDeliveryAsync(Samples.Delivery().Key, Ct);
        Assert.Equal(Array.IndexOf(results, true), stored!.Attempts);
    }

    [Fact]
    public async Task UpdateDelivery_Reserved_ChangesOutcomeButNotIdentityOrCreation()
    {
        var reserved = Samples.Delivery();
        await Store.TryReserveDeliveryAsync(reserved, Ct);
        var sent = reserved with
        {
            Status = DeliveryStatus.Sent, PlatformMessageId = "1700000000.000100", Error = "retried once",
            Attempts = 2, SentAt = Samples.T0.AddMinutes(1), CreatedAt = Samples.T0.AddYears(1),
        };

        await Store.UpdateDeliveryAsync(sent, Ct);

        var store = Reopen();
        AssertSame(sent with { CreatedAt = reserved.CreatedAt }, await store.GetDeliveryAsync(reserved.Key, Ct));
        Assert.Null(await store.GetDeliveryAsync(Samples.Delivery(noticeId: "other").Key, Ct));
    }

    [Fact]
    public async Task UpdateDelivery_FailedThenRetried_KeepsTheFailureKindUntilItIsCleared()
    {
        var reserved = Samples.Delivery();
        await Store.TryReserveDeliveryAsync(reserved, Ct);
        var failed = reserved with { Status = DeliveryStatus.Failed, Error = "gave up", Attempts = 3, FailureKind = DeliveryFailureKind.GaveUp };

        await Store.UpdateDeliveryAsync(failed, Ct);
        var storedFailed = await Reopen().GetDeliveryAsync(reserved.Key, Ct);
        await Store.UpdateDeliveryAsync(failed with { Status = DeliveryStatus.Pending, Error = null, FailureKind = null }, Ct);

        Assert.Equal(DeliveryFailureKind.GaveUp, storedFailed!.FailureKind);
        var retried = await Reopen().GetDeliveryAsync(reserved.Key, Ct);
        Assert.Equal((DeliveryStatus.Pending, (DeliveryFailureKind?)null, 3), (retried!.Status, retried.FailureKind, retried.Attempts));
    }

    [Fact]
    public async Task UpdateDelivery_NeverReserved_ThrowsAndStoresNothing()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.UpdateDeliveryAsync(Samples.Delivery(), Ct));

        Assert.Null(await Store.GetDeliveryAsync(Samples.Delivery().Key, Ct));
    }

    [Fact]
    public async Task ListDeliveries_ForNotice_ReturnsOnlyItsDeliveriesOldestFirst()
    {
        var later = Samples.Delivery(channel: "slack:T1:C2", createdAt: Samples.T0.AddMinutes(5));
        var earlier = Samples.Delivery(channel: "slack:T1:C3", createdAt: Samples.T0);
        await Store.TryReserveDeliveryAsync(later, Ct);
        await Store.TryReserveDeliveryAsync(earlier, Ct);
        await Store.TryReserveDeliveryAsync(Samples.Delivery(noticeId: "n2"), Ct);

        AssertSameAll([earlier, later], await Reopen().ListDeliveriesAsync("n1", Ct));
    }

    [Fact]
    public async Task ListPendingDeliveries_CreatedBefore_ReturnsOldestPendingBoundedByMax()
    {
        var t = Samples.T0;
        var oldest = Samples.Delivery(channel: "c1", createdAt: t);
        var middle = Samples.Delivery(channel: "c2", createdAt: t.AddMinutes(1));
        var newest = Samples.Delivery(channel: "c3", createdAt: t.AddMinutes(2));
        var atCutoff = Samples.Delivery(channel: "c4", createdAt: t.AddMinutes(10));
        var sent = Samples.Delivery(channel: "c0", createdAt: t.AddMinutes(-5));
        foreach (var d in new[] { newest, atCutoff, sent, middle, oldest })
        {
            await Store.TryReserveDeliveryAsync(d, Ct);
        }

        await Store.UpdateDeliveryAsync(sent with { Status = DeliveryStatus.Sent }, Ct);

        var store = Reopen();
        AssertSameAll([oldest, middle], await store.ListPendingDeliveriesAsync(t.AddMinutes(10), 2, Ct));
        AssertSameAll([oldest, middle, newest], await store.ListPendingDeliveriesAsync(t.AddMinutes(10), 100, Ct));
        Assert.Empty(await store.ListPendingDeliveriesAsync(t.AddMinutes(10), 0, Ct));
    }

    [Fact]
    public async Task ListAcknowledgements_EveryAnswerKept_OldestFirstPerNotice()
    {
        var second = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0.AddMinutes(2));
        var first = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.NeedHelp, "U1", Samples.T0);
        var sameInstantAsSecond = new Acknowledgement("n1", "slack:T1:C2", AckAnswer.NotAffected, "U2", Samples.T0.AddMinutes(2));
        foreach (var ack in new[] { second, first, sameInstantAsSecond, first with { NoticeId = "n2" } })
        {
            await Store.AddAcknowledgementAsync(ack, Ct);
        }

        var store = Reopen();
        AssertSameAll([first, second, sameInstantAsSecond], await store.ListAcknowledgementsAsync("n1", Ct));
        Assert.Empty(await store.ListAcknowledgementsAsync("n3", Ct));
    }

    [Fact]
    public async Task AddAcknowledgement_SameAnswerRecordedTwice_KeepsOneButChangedAnswersAll()
    {
        var ready = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.Ready, "U1", Samples.T0);
        var sameInstantOtherOffset = ready with { At = Samples.T0.ToOffset(TimeSpan.Zero) };
        var changedMind = ready with { Answer = AckAnswer.NeedHelp };

        await Store.AddAcknowledgementAsync(ready, Ct);
        await Store.AddAcknowledgementAsync(sameInstantOtherOffset, Ct);
        await Store.AddAcknowledgementAsync(changedMind, Ct);
        await Store.AddAcknowledgementAsync(ready, Ct);

        AssertSameAll([ready, changedMind], await Reopen().ListAcknowledgementsAsync("n1", Ct));
    }

    [Fact]
    public async Task ListUnanswered_MoreThanMax_ReturnsNewestFirst()
    {
        var questions = Enumerable.Range(0, 5)
            .Select(i => new UnansweredQuestion($"q{i}", $"question {i}?", "U1", "slack:T1:C1", i % 2 == 0 ? "n1" : null, Samples.T0.AddMinutes(i)))
            .ToList();
        foreach (var q in questions.OrderBy(q => q.Id == "q2" ? 0 : 1))
        {
            await Store.AddUnansweredAsync(q, Ct);
        }

        AssertSameAll([questions[4], questions[3], questions[2]], await Reopen().ListUnansweredAsync(3, Ct));
    }

    [Fact]
    public async Task AddUnanswered_BeyondWhatIsKept_KeepsOnlyTheNewest()
    {
        var total = UnansweredQuestion.MaxKept + 3;
        for (var i = 0; i < total; i++)
        {
            await Store.AddUnansweredAsync(new UnansweredQuestion($"q{i:D5}", $"question {i}?", "U1", "slack:T1:C1", null, Samples.T0.AddSeconds(i)), Ct);
        }

        var kept = await Reopen().ListUnansweredAsync(total, Ct);

        Assert.Equal(UnansweredQuestion.MaxKept, kept.Count);
        Assert.Equal($"q{total - 1:D5}", kept[0].Id);
        Assert.Equal("q00003", kept[^1].Id);
    }

    [Fact]
    public async Task TryMarkEventProcessed_SameKeyAgain_ReturnsFalseEvenAfterReopen()
    {
        Assert.True(await Store.TryMarkEventProcessedAsync("Ev1", Samples.T0, Ct));
        Assert.False(await Store.TryMarkEventProcessedAsync("Ev1", Samples.T0.AddSeconds(1), Ct));

        var store = Reopen();
        Assert.False(await store.TryMarkEventProcessedAsync("Ev1", Samples.T0, Ct));
        Assert.True(await store.TryMarkEventProcessedAsync("ev1", Samples.T0, Ct));
    }

    [Fact]
    public async Task ForgetProcessedEventsBefore_ForgetsOnlyOlderIdsWhichCountAsNewAgain()
    {
        Assert.True(await Store.TryMarkEventProcessedAsync("EvOld", Samples.T0, Ct));
        Assert.True(await Store.TryMarkEventProcessedAsync("EvEdge", Samples.T0.AddHours(1), Ct));
        Assert.True(await Store.TryMarkEventProcessedAsync("EvNew", Samples.T0.AddHours(2), Ct));

        Assert.Equal(1, await Store.ForgetProcessedEventsBeforeAsync(Samples.T0.AddHours(1), Ct));
        Assert.Equal(0, await Store.ForgetProcessedEventsBeforeAsync(Samples.T0.AddHours(1), Ct));

        var store = Reopen();
        Assert.True(await store.TryMarkEventProcessedAsync("EvOld", Samples.T0.AddHours(3), Ct));
        Assert.False(await store.TryMarkEventProcessedAsync("EvEdge", Samples.T0.AddHours(3), Ct));
        Assert.False(await store.TryMarkEventProcessedAsync("EvNew", Samples.T0.AddHours(3), Ct));
    }

    [Fact]
    public async Task TryMarkEventProcessed_EightRacingDuplicates_ExactlyOneIsTrue()
    {
        var store = Store;
        var results = await RaceAsync(8, _ => store.TryMarkEventProcessedAsync("Ev42", Samples.T0, Ct));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task ListAudit_MoreThanMax_ReturnsNewestFirstWithEveryField()
    {
        var entries = Enumerable.Range(0, 4)
            .Select(i => new AuditEntry($"a{i}", "slack:U1", "api", "notice.publish", i == 0 ? null : "n1", $"{{\"i\":{i}}}", Samples.T0.AddSeconds(i)))
            .ToList();
        foreach (var e in entries.AsEnumerable().Reverse())
        {
            await Store.AddAuditAsync(e, Ct);
        }

        var store = Reopen();
        AssertSameAll([entries[3], entries[2]], await store.ListAuditAsync(2, Ct));
        AssertSameAll(entries.AsEnumerable().Reverse(), await store.ListAuditAsync(10, Ct));
    }
}
