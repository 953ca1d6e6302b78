namespace ChangeBot.Core.Deliveries;

/// <summary>
/// The order a dispatch sends in. The ledger lists deliveries by key, which groups a workspace's channels
/// together; sent in that order, every parallel sender would queue behind the first workspace's rate
/// limit while the others sit idle. Taking one delivery per workspace in turn keeps every workspace's
/// limit busy at once, so a broadcast takes as long as its largest workspace needs, not the sum of all.
/// </summary>
internal static class DeliveryOrder
{
    public static IReadOnlyList<Delivery> AcrossWorkspaces(IEnumerable<Delivery> deliveries)
    {
        var queues = deliveries.GroupBy(d => WorkspaceOf(d.ChannelKey), StringComparer.Ordinal)
            .Select(g => new Queue<Delivery>(g)).ToList();
        var ordered = new List<Delivery>(queues.Sum(q => q.Count));
        while (queues.Count > 0)
        {
            foreach (var queue in queues)
            {
                ordered.Add(queue.Dequeue());
            }

            queues.RemoveAll(q => q.Count == 0);
        }

        return ordered;
    }

    /// <summary><c>platform:workspace</c> of a channel key (<c>platform:workspace:conversation</c>).</summary>
    private static string WorkspaceOf(string channelKey)
    {
        var first = channelKey.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : channelKey.IndexOf(':', first + 1);
        return second < 0 ? channelKey : channelKey[..second];
    }
}
