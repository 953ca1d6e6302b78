using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary>Stores that keep a notice's lists and bring them up to date with only what was written since
/// (PostgresChangeBotStore.ReadCache.cs, LiteDbChangeBotStore.ReadCache.cs) must still return what a full read
/// would: every change, of any instance, in the list's order. Each list is read twice before each write, so a store
/// that keeps it has kept it by then.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ListAcknowledgements_ChannelAnswersAgainThroughAnotherInstance_ListHasBothInOrder()
    {
        var other = OpenOtherInstance();
        var help = new Acknowledgement("n1", "slack:T1:C1", AckAnswer.NeedHelp, "U1", Samples.T0.AddMinutes(5));
        var otherChannel = help with { ChannelKey = "slack:T1:C2", Answer = AckAnswer.Ready };
        await Store.AddAcknowledgementAsync(help, Ct);
        await Store.AddAcknowledgementAsync(otherChannel, Ct);
        await ReadTwiceAsync(Store, [help, otherChannel]);

        // The channel's new answer replaces its old one in readiness; the list keeps both, the newer last.
        var ready = help with { Answer = AckAnswer.Ready, At = Samples.T0.AddMinutes(6) };
        await other.AddAcknowledgementAsync(ready, Ct);
        await ReadTwiceAsync(Store, [help, otherChannel, ready]);

        // An answer stamped earlier than those kept (a late event) sorts before them, not at the end.
        var early = help with { ChannelKey = "slack:T1:C3", Answer = AckAnswer.NotAffected, At = Samples.T0 };
        var sameInstant = ready with { ChannelKey = "slack:T1:C4" };
        await other.AddAcknowledgementAsync(early, Ct);
        await other.AddAcknowledgementAsync(sameInstant, Ct);
        await ReadTwiceAsync(Store, [early, help, otherChannel, ready, sameInstant]);

        // The same answer recorded again is one record, whichever instance sees it.
        await other.AddAcknowledgementAsync(ready, Ct);
        await Store.AddAcknowledgementAsync(early, Ct);
        await ReadTwiceAsync(Store, [early, help, otherChannel, ready, sameInstant]);
        await ReadTwiceAsync(other, [early, help, otherChannel, ready, sameInstant]);
    }

    [Fact]
    public async Task ListAcknowledgements_ManyAnswersInterleavedWithReads_EqualsTheFullListEachTime()
    {
        var other = OpenOtherInstance();
        var random = new Random(18);
        var expected = new List<(Acknowledgement Ack, int Arrival)>();
        for (var i = 0; i < 60; i++)
        {
            var ack = new Acknowledgement("n1", $"slack:T1:C{random.Next(20)}", (AckAnswer)random.Next(3), "U1",
                Samples.T0.AddMinutes(random.Next(10)));
            if (expected.Any(e => e.Ack == ack))
            {
                continue;
            }

            await (i % 3 == 0 ? Store : other).AddAcknowledgementAsync(ack, Ct);
            expected.Add((ack, i));
            if (i % 4 == 0)
            {
                var inOrder = expected.OrderBy(e => e.Ack.At).ThenBy(e => e.Arrival).Select(e => e.Ack).ToList();
                AssertSameAll(inOrder, await Store.ListAcknowledgementsAsync("n1", Ct));
                AssertSameAll(inOrder, await other.ListAcknowledgementsAsync("n1", Ct));
            }
        }

        AssertSameAll(expected.OrderBy(e => e.Ack.At).ThenBy(e => e.Arrival).Select(e => e.Ack),
            await Store.ListAcknowledgementsAsync("n1", Ct));
    }

    [Fact]
    public async Task ListDeliveries_BroadcastSendingThroughAnotherInstanceWhileViewed_EachReadShowsTheLedgerAsItIs()
    {
        var other = OpenOtherInstance();
        var ledger = Enumerable.Range(0, 12)
            .Select(i => Samples.Delivery("n1", $"slack:T1:C{i:00}", Samples.T0.AddSeconds(i % 3)))
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Key, StringComparer.Ordinal)
            .ToArray();
        await Store.TryReserveDeliveriesAsync(ledger, Ct);
        await ReadTwiceAsync(Store, ledger);

        // The fan-out, on another instance: an attempt started, then the outcome, a few deliveries at a time.
        for (var i = 0; i < ledger.Length; i++)
        {
            Assert.True(await other.TryStartAttemptAsync(ledger[i].Key, 0, Ct));
            ledger[i] = ledger[i] with { Attempts = 1 };
            if (i % 2 == 0)
            {
                await ReadTwiceAsync(Store, ledger);
            }

            ledger[i] = i == 5
                ? ledger[i] with { Status = DeliveryStatus.Failed, Error = "gone", FailureKind = DeliveryFailureKind.GaveUp }
                : ledger[i] with { Status = DeliveryStatus.Sent, PlatformMessageId = $"m{i}", SentAt = Samples.T0.AddMinutes(1) };
            await other.UpdateDeliveryAsync(ledger[i], Ct);
            if (i % 3 == 0)
            {
                await ReadTwiceAsync(Store, ledger);
            }
        }

        await ReadTwiceAsync(Store, ledger);

        // Reminders reserved later, one of them created before every broadcast delivery.
        var reminders = new[]
        {
            Samples.Delivery("n1", "slack:T1:C00", Samples.T0.AddSeconds(-1), DeliveryKind.Reminder, "1d"),
            Samples.Delivery("n1", "slack:T1:C07", Samples.T0.AddSeconds(1), DeliveryKind.Reminder, "1d"),
            Samples.Delivery("n2", "slack:T1:C07", Samples.T0.AddSeconds(1), DeliveryKind.Reminder, "1d"),
        };
        await other.TryReserveDeliveriesAsync(reminders, Ct);
        await ReadTwiceAsync(Store, [.. ledger.Concat(reminders.Where(r => r.NoticeId == "n1"))
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Key, StringComparer.Ordinal)]);
        await ReadTwiceAsync(other, [.. ledger.Concat(reminders.Where(r => r.NoticeId == "n1"))
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Key, StringComparer.Ordinal)]);
    }

    private static async Task ReadTwiceAsync(IChangeBotStore reader, Acknowledgement[] expected)
    {
        AssertSameAll(expected, await reader.ListAcknowledgementsAsync("n1", Ct));
        AssertSameAll(expected, await reader.ListAcknowledgementsAsync("n1", Ct));
    }

    private static async Task ReadTwiceAsync(IChangeBotStore reader, Delivery[] expected)
    {
        AssertSameAll(expected, await reader.ListDeliveriesAsync("n1", Ct));
        AssertSameAll(expected, await reader.ListDeliveriesAsync("n1", Ct));
    }
}
