using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>The order a dispatch sends in: one workspace after another would leave every parallel
/// sender queued behind the first workspace's rate limit.</summary>
public sealed class DeliveryOrderTests
{
    [Fact]
    public void AcrossWorkspaces_LedgerGroupedByWorkspace_TakesOneFromEachWorkspaceInTurn()
    {
        // The ledger's key order: every channel of T1, then T2's, then T3's.
        var ledger = new[] { "slack:T1:C1", "slack:T1:C2", "slack:T1:C3", "slack:T2:C1", "slack:T2:C2", "slack:T3:C1" }
            .Select(Pending).ToList();

        var order = DeliveryOrder.AcrossWorkspaces(ledger).Select(d => d.ChannelKey);

        Assert.Equal(["slack:T1:C1", "slack:T2:C1", "slack:T3:C1", "slack:T1:C2", "slack:T2:C2", "slack:T1:C3"], order);
    }

    [Fact]
    public void AcrossWorkspaces_SameWorkspaceIdOnTwoPlatforms_TreatsThemAsDifferentWorkspaces()
    {
        var ledger = new[] { "msteams:X:19:a@thread", "msteams:X:19:b@thread", "slack:X:C1" }.Select(Pending).ToList();

        var order = DeliveryOrder.AcrossWorkspaces(ledger).Select(d => d.ChannelKey);

        Assert.Equal(["msteams:X:19:a@thread", "slack:X:C1", "msteams:X:19:b@thread"], order);
    }

    private static Delivery Pending(string channel) => new()
    {
        NoticeId = "n",
        Revision = 1,
        ChannelKey = channel,
        Kind = DeliveryKind.Broadcast,
    };
}
