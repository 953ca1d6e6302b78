using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The captured chain judged by every platform snapshot in memory, with the same rules as the user's own
/// store (<see cref="StoreTrust"/>: custom root trust, no downloads, no revocation fetch), so no store
/// costs another connection. Ordered worst verdict first, then in the snapshots' order.
/// </summary>
internal static class PlatformVerdicts
{
    public static IReadOnlyList<PlatformResult> Evaluate(
        IReadOnlyList<X509Certificate2> sent, PresentedPath path, PlatformStores stores, DateTimeOffset now, CancellationToken ct)
    {
        var results = new List<PlatformResult>(stores.Stores.Count);
        foreach (var store in stores.Stores)
        {
            ct.ThrowIfCancellationRequested();
            var verdict = StoreTrust.Evaluate(sent, path, store.Roots, now);
            verdict.Anchor?.Dispose();
            results.Add(new PlatformResult(store.Id, store.Name,
                verdict.Trusted ? PlatformVerdict.Trusted : PlatformVerdict.NotTrusted,
                store.SnapshotDate, null, verdict.Reason));
        }

        return [.. results.OrderBy(r => r.Verdict)]; // stable: equal verdicts keep the snapshots' order
    }
}
