using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;

namespace ChangeBot.Core.Watches;

/// <summary>
/// Compares one run's check with the watch's last state: the new state, and the alerts owed. Each alert is
/// named by a discriminator that is the same however often the same finding is judged (the threshold and the
/// leaf's fingerprint, the old and new issuer, the start of an outage), so the delivery ledger turns a re-run,
/// a second instance or a resumed crash into the one message already reserved.
/// </summary>
public static class WatchJudge
{
    public const string Expiry = "expiry";
    public const string Expired = "expired";
    public const string IssuerChanged = "issuer";
    public const string RootChanged = "root";
    public const string StoreLost = "store-lost";
    public const string Unreachable = "unreachable";

    /// <summary>The server's own trust store, followed when a watch names no platform store.</summary>
    public const string SystemStore = "system";

    public sealed record Outcome(WatchState State, IReadOnlyList<string> Alerts);

    public static Outcome Judge(Watch watch, CheckResult result, DateTimeOffset now, WatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var last = watch.State;
        if (result.Chain.Count == 0)
        {
            return Unreached(last, result, now, options);
        }

        var alerts = new List<string>();
        var leaf = result.Chain[0];
        var issuerCertificate = result.Chain.Skip(1).FirstOrDefault(c => string.Equals(c.Subject, leaf.Issuer, StringComparison.Ordinal));
        var issuerFingerprint = issuerCertificate?.Sha256 ?? "name:" + leaf.Issuer;
        var (trusted, reason) = StoreVerdict(watch.Store, result);
        var leafId = Short(leaf.Sha256);

        var daysLeft = (leaf.NotAfter - now).TotalDays;
        if (daysLeft <= 0)
        {
            alerts.Add($"{Expired}:{leafId}");
        }
        else if (options.Thresholds.Where(t => daysLeft <= t).DefaultIfEmpty(0).Min() is > 0 and var threshold)
        {
            // Only the nearest threshold passed: a watch added 5 days before expiry gets the 7-day alert, not three.
            alerts.Add($"{Expiry}:{threshold.ToString(CultureInfo.InvariantCulture)}:{leafId}");
        }

        if (last.IssuerFingerprint is { } before && !string.Equals(before, issuerFingerprint, StringComparison.Ordinal))
        {
            alerts.Add($"{IssuerChanged}:{Short(before)}>{Short(issuerFingerprint)}");
        }

        if (last.Root is { } oldRoot && result.RootSubject is { } newRoot && !string.Equals(oldRoot, newRoot, StringComparison.Ordinal))
        {
            alerts.Add($"{RootChanged}:{Short(oldRoot)}>{Short(newRoot)}");
        }

        if (last.StoreTrusted == true && trusted == false)
        {
            alerts.Add($"{StoreLost}:{watch.Store ?? SystemStore}:{leafId}:{Short(issuerFingerprint + "|" + reason)}");
        }

        var state = new WatchState
        {
            CheckedAt = now,
            Summary = Summary(result, leaf, trusted, watch.Store, now),
            LeafSha256 = leaf.Sha256,
            NotAfter = leaf.NotAfter,
            Issuer = leaf.Issuer,
            IssuerFingerprint = issuerFingerprint,
            PreviousIssuer = last.IssuerFingerprint is { } was && was != issuerFingerprint ? last.Issuer : last.PreviousIssuer,
            Root = result.RootSubject ?? last.Root,
            PreviousRoot = last.Root is { } r && result.RootSubject is { } n && r != n ? r : last.PreviousRoot,
            StoreTrusted = trusted ?? last.StoreTrusted,
            StoreReason = reason,
        };
        return new Outcome(state, alerts);
    }

    /// <summary>The "could not reach" alert is owed once per outage (its key is the outage's start), after
    /// <see cref="WatchOptions.UnreachableRuns"/> failed daily runs.</summary>
    private static Outcome Unreached(WatchState last, CheckResult result, DateTimeOffset now, WatchOptions options)
    {
        var since = last.UnreachableSince ?? now;
        var failed = last.FailedRuns + 1;
        var error = result.Problems.FirstOrDefault()?.Message ?? "no answer";
        var state = last with
        {
            CheckedAt = now,
            Summary = $"could not reach it: {error}",
            UnreachableSince = since,
            FailedRuns = failed,
            LastError = error,
        };
        // Runs, and days: a run repeated the same day (a retry, a manual trigger) is not a second day.
        var days = TimeSpan.FromDays(options.UnreachableRuns - 1) - TimeSpan.FromHours(1);
        IReadOnlyList<string> alerts = failed >= options.UnreachableRuns && now - since >= days
            ? [$"{Unreachable}:{since.UtcTicks.ToString(CultureInfo.InvariantCulture)}"]
            : [];
        return new Outcome(state, alerts);
    }

    /// <summary>Whether the followed store verifies the chain (null when the result does not say).</summary>
    public static (bool? Trusted, string? Reason) StoreVerdict(string? store, CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (store is null)
        {
            var system = result.Trust.FirstOrDefault(t => t.Store == SystemStore);
            return system is null ? (null, null) : (system.Trusted, system.Reason);
        }

        var platform = result.Platforms.FirstOrDefault(p => string.Equals(p.Store, store, StringComparison.Ordinal));
        return platform is null ? (null, null) : (platform.Verdict == PlatformVerdict.Trusted, platform.Reason);
    }

    private static string Summary(CheckResult result, CertificateInfo leaf, bool? trusted, string? store, DateTimeOffset now)
    {
        var days = (int)Math.Floor((leaf.NotAfter - now).TotalDays);
        var expiry = days < 0
            ? $"expired {leaf.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : $"expires {leaf.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (in {days.ToString(CultureInfo.InvariantCulture)} days)";
        var verdict = trusted switch
        {
            true => $"verifies in {StoreName(store)}",
            false => $"does not verify in {StoreName(store)}",
            null => $"{StoreName(store)} not known here",
        };
        return $"{CheckWords.Verdict(result.Verdict)}, {expiry}, {verdict}";
    }

    public static string StoreName(string? store) => store is null ? "this server's trust store" : $"the {store} store";

    /// <summary>16 hex digits naming a value inside a ledger key (a fingerprint is longer than a key needs).</summary>
    internal static string Short(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
