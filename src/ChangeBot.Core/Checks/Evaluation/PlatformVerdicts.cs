using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The captured chain judged by every platform snapshot in memory, with the same rules as the user's own
/// store (<see cref="StoreTrust"/>: custom root trust, no downloads, no revocation fetch), so no store
/// costs another connection; then the distrust list overrides the verdict of each store that removed or
/// distrusted a certificate of the chain. Ordered worst verdict first, then in the snapshots' order.
/// </summary>
internal static class PlatformVerdicts
{
    public sealed record Outcome(IReadOnlyList<PlatformResult> Platforms, IReadOnlyList<DistrustedCertificate> Distrusted);

    /// <param name="otherAnchors">Roots the user's and the system store ended the chain at: the root a
    /// server does not send is found there or in a platform store.</param>
    public static Outcome Evaluate(IReadOnlyList<X509Certificate2> sent, PresentedPath path, PlatformStores stores,
        DistrustList distrust, IEnumerable<X509Certificate2> otherAnchors, DateTimeOffset now, CancellationToken ct)
    {
        var verdicts = new List<(PlatformStore Store, StoreVerdict Verdict)>(stores.Stores.Count);
        foreach (var store in stores.Stores)
        {
            ct.ThrowIfCancellationRequested();
            verdicts.Add((store, StoreTrust.Evaluate(sent, path, store.Candidates(sent), now)));
        }

        var chain = path.Certificates.Concat(otherAnchors).Concat(verdicts.Select(v => v.Verdict.Anchor).OfType<X509Certificate2>());
        var distrusted = chain.Select(distrust.Find).OfType<DistrustedCertificate>().Distinct().ToList();
        foreach (var (_, verdict) in verdicts)
        {
            verdict.Anchor?.Dispose();
        }

        var leafIssued = new DateTimeOffset(path.Leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var results = verdicts.Select(v =>
        {
            var refusal = distrusted
                .SelectMany(d => d.Refusing(leafIssued, now).Where(r => r.Stores.Contains(v.Store.Id, StringComparer.Ordinal)).Select(r => (d, r)))
                .OrderBy(x => x.r.Since)
                .FirstOrDefault();
            return refusal.d is { } certificate
                ? new PlatformResult(v.Store.Id, v.Store.Name, PlatformVerdict.Distrusted, v.Store.SnapshotDate, refusal.r.Since,
                    $"'{certificate.Name}' ({certificate.FamilyName}): {refusal.r.Reason} ({refusal.r.Source})")
                : new PlatformResult(v.Store.Id, v.Store.Name, v.Verdict.Trusted ? PlatformVerdict.Trusted : PlatformVerdict.NotTrusted,
                    v.Store.SnapshotDate, null, v.Verdict.Reason);
        });

        // Stable: equal verdicts keep the snapshots' order.
        return new Outcome([.. results.OrderBy(r => r.Verdict)], [.. distrusted.Where(d => d.Refusing(leafIssued, now).Any())]);
    }
}
