using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary>Several server instances share one database (PostgreSQL): a write through any of them is seen by the next
/// read of every other, even one that keeps reads in memory (PostgresChangeBotStore.ReadCache.cs). Each list is read
/// twice before each write, so a store that keeps it has kept it by then.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>A store on the same data as <see cref="Store"/>, as another server instance opens it. PostgreSQL:
    /// a new instance (its own pool and memory). LiteDB has one writer per file and the in-memory store shares
    /// nothing, so for them it is <see cref="Store"/> itself.</summary>
    protected virtual IChangeBotStore OpenOtherInstance() => Store;

    [Fact]
    public async Task ListDeliveries_WritesThroughAnotherInstance_NextReadShowsEach()
    {
        var store = Store;
        var other = OpenOtherInstance();
        var reserved = Samples.Delivery("n1", "slack:T1:C1");
        await store.TryReserveDeliveriesAsync([reserved], Ct);
        var failed = reserved with { Status = DeliveryStatus.Failed, Attempts = 3, Error = "gave up", FailureKind = DeliveryFailureKind.GaveUp };
        await store.UpdateDeliveryAsync(failed, Ct);
        await ReadTwiceAsync(store, [failed]);

        var retried = failed with { Status = DeliveryStatus.Pending, Error = null, FailureKind = null };
        await other.UpdateDeliveryAsync(retried, Ct);
        await ReadTwiceAsync(store, [retried]);

        var sent = retried with { Status = DeliveryStatus.Sent, PlatformMessageId = "m1", SentAt = Samples.T0.AddMinutes(1) };
        await other.UpdateDeliveryAsync(sent, Ct);
        await ReadTwiceAsync(store, [sent]);

        var edited = sent with { PlatformMessageId = "m2" };
        await other.UpdateDeliveryAsync(edited, Ct);
        await ReadTwiceAsync(store, [edited]);

        var reminder = Samples.Delivery("n1", "slack:T1:C1", Samples.T0.AddMinutes(2), DeliveryKind.Reminder, "3d");
        await other.TryReserveDeliveriesAsync([reminder, Samples.Delivery("n2", "slack:T1:C1")], Ct);
        await ReadTwiceAsync(store, [edited, reminder]);

        async Task ReadTwiceAsync(IChangeBotStore reader, Delivery[] expected)
        {
            AssertSameAll(expected, await reader.ListDeliveriesAsync("n1", Ct));
            AssertSameAll(expected, await reader.ListDeliveriesAsync("n1", Ct));
        }
    }

    [Fact]
    public async Task ListAcknowledgements_AnswerThroughAnotherInstance_NextReadShowsIt()
    {
        var store = Store;
        var other = OpenOtherInstance();
        var help = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.NeedHelp, "U1", Samples.T0);
        var ready = help with { Answer = AckAnswer.Ready, At = Samples.T0.AddMinutes(1) };
        var elsewhere = help with { NoticeId = "n2" };
        await store.AddAcknowledgementAsync(help, Ct);
        await ReadTwiceAsync("n1", [help]);
        await ReadTwiceAsync("n2", []);

        await other.AddAcknowledgementAsync(ready, Ct);
        await ReadTwiceAsync("n1", [help, ready]);

        await other.AddAcknowledgementAsync(elsewhere, Ct);
        await ReadTwiceAsync("n1", [help, ready]);
        await ReadTwiceAsync("n2", [elsewhere]);

        async Task ReadTwiceAsync(string noticeId, Acknowledgement[] expected)
        {
            AssertSameAll(expected, await store.ListAcknowledgementsAsync(noticeId, Ct));
            AssertSameAll(expected, await store.ListAcknowledgementsAsync(noticeId, Ct));
        }
    }
}
