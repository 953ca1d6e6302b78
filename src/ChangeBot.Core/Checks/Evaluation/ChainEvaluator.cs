using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Turns what the server presented into the result: facts per certificate, trust per store, and the
/// problems of docs/checks.md#problems. The verdict is judged by the user's trust files when given (would a client with
/// this store trust it?), else by the system store; the system store is reported either way.
/// </summary>
internal static class ChainEvaluator
{
    public static readonly TimeSpan ExpiringSoon = TimeSpan.FromDays(30);

    /// <summary>Throws <see cref="OperationCanceledException"/> once <paramref name="ct"/> (the check's deadline) is cancelled.</summary>
    public static CheckResult Evaluate(CheckRequest request, ProbeResult probe, DateTimeOffset now, CancellationToken ct = default) =>
        Evaluate(request, probe.Sent, probe.Address.ToString(), probe.Tls, now, ct);

    /// <summary>Judges <paramref name="sent"/> (leaf first); <paramref name="address"/> and <paramref name="tls"/> are
    /// null for a chain read from a file. A target with no host name (a file checked alone) skips the name match.</summary>
    public static CheckResult Evaluate(CheckRequest request, IReadOnlyList<X509Certificate2> sent, string? address, TlsInfo? tls,
        DateTimeOffset now, CancellationToken ct = default)
    {
        var path = PresentedPath.Walk(sent, ct);
        ct.ThrowIfCancellationRequested();
        var system = StoreTrust.Evaluate(sent, path, null, now);
        var files = request.TrustStores.Select(s => StoreTrust.Evaluate(sent, path, s, now)).ToList();
        var judging = Judging(request.TrustStores, files, system, sent, path, now);
        ct.ThrowIfCancellationRequested();
        var platforms = PlatformVerdicts.Evaluate(sent, path, request.Platforms ?? PlatformStores.Embedded, DistrustList.Embedded,
            files.Select(f => f.Anchor).Append(system.Anchor).Append(judging.Anchor).OfType<X509Certificate2>(), now, ct);
        var trust = new List<TrustResult> { ToResult(system) };
        trust.AddRange(files.Select(ToResult));

        // Most telling first: the wording's headline names the first problem.
        var problems = new List<CheckProblem>();
        if (platforms.Distrusted.Count > 0)
        {
            // The one nearest the root names the decision (a distrusted intermediate is distrusted with its root).
            var distrusted = platforms.Distrusted[^1];
            problems.Add(new(ProblemCodes.DistrustedRoot, $"The chain leads to {distrusted.Summary(distrusted.Refusing(Issued(path.Leaf), now))}."));
        }

        if (request.Notice?.Chain?.Root is { } announcedRoot
            && DistrustList.Embedded.Find(announcedRoot.Sha256, announcedRoot.Subject) is { } distrustedRoot
            && !platforms.Distrusted.Contains(distrustedRoot))
        {
            // A certificate issued under it now would be refused wherever a decision is in force.
            problems.Add(new(ProblemCodes.DistrustedRoot,
                $"The notice announces {distrustedRoot.Summary(distrustedRoot.Refusing(now, now))}."));
        }

        // Self-signed is a problem only for a store that does not hold that certificate: a client whose own
        // store does (the user's --ca-file) accepts it, so the verdict is then fine.
        if (path.LeafIsSelfSigned && !judging.Trusted)
        {
            problems.Add(new(ProblemCodes.SelfSigned, $"The server's certificate '{path.Leaf.Subject}' is self-signed."));
        }

        if (judging.Incomplete)
        {
            problems.Add(new(ProblemCodes.IncompleteChain,
                $"The server sends '{path.Top.Subject}' but not its issuer '{path.Top.Issuer}'; clients that do not already hold that certificate cannot build the chain. {IncompleteChainClients.Explain(path.Top)}"));
        }
        else if (judging.RootUntrusted)
        {
            problems.Add(new(ProblemCodes.UntrustedRoot,
                $"The chain leads to '{path.RootName}', which {StoreLabel(judging.Store)} does not trust."));
        }

        List<X509Certificate2> anchors = judging.Anchor is { } anchor && !path.Certificates.Contains(anchor) ? [anchor] : [];
        problems.AddRange(TimeProblems([.. path.Certificates, .. anchors], now));

        bool? hostnameMatches = request.Target.Host.Length == 0 ? null : path.Leaf.MatchesHostname(request.Target.Host);
        if (hostnameMatches == false)
        {
            problems.Add(new(ProblemCodes.HostnameMismatch,
                $"The certificate is for {Names(path.Leaf)}, not '{request.Target.Host}'."));
        }

        if (request.Notice is { } notice)
        {
            var storeAnchors = request.TrustStores.SelectMany(s => s.Certificates)
                .Concat(anchors).Concat(system.Anchor is { } systemRoot ? [systemRoot] : []);
            var (announced, problem) = AnnouncedChainCheck.Evaluate(notice, path, storeAnchors, ct);
            trust.Add(announced);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        ct.ThrowIfCancellationRequested();

        // Below the root: a root's own self-signature is never checked by clients, so SHA-1 there is harmless.
        foreach (var weak in path.Certificates.Where(c => !Signatures.IsSelfSigned(c) && CertificateFacts.HasWeakSignature(c)))
        {
            problems.Add(new(ProblemCodes.WeakSignature,
                $"'{weak.Subject}' is signed with {weak.SignatureAlgorithm.FriendlyName ?? weak.SignatureAlgorithm.Value}, which clients reject or will soon."));
        }

        foreach (var weak in path.Certificates.Where(CertificateFacts.HasWeakKey))
        {
            problems.Add(new(ProblemCodes.WeakKey,
                $"'{weak.Subject}' has a weak key ({CertificateFacts.Key(weak).Text} bits); clients need RSA 2048+ or EC 256+."));
        }

        if (problems.Count == 0 && !judging.Trusted)
        {
            // A rejection none of the codes above explains (e.g. a signature that does not verify).
            problems.Add(new(ProblemCodes.UntrustedRoot, $"{StoreLabel(judging.Store)} does not accept the chain: {judging.Reason}."));
        }

        return new CheckResult
        {
            Target = request.Target.Original,
            Host = request.Target.Host,
            Port = request.Target.Port,
            Address = address,
            Tls = tls,
            Chain = [.. sent.Select(CertificateFacts.Describe)],
            HostnameMatches = hostnameMatches,
            Trust = trust,
            Platforms = platforms.Platforms,
            Problems = problems,
            Verdict = problems.Count == 0 ? CheckVerdict.Ok : CheckVerdict.Problems,
            RootSubject = path.RootName,
        };
    }

    private static DateTimeOffset Issued(X509Certificate2 certificate) =>
        new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    private static TrustResult ToResult(StoreVerdict verdict) => new(verdict.Store, verdict.Trusted, verdict.Reason);

    /// <summary>The store the verdict is judged by: the system store when no files were given; otherwise
    /// the user's files together, as one client holding all of them would (each is still reported alone).</summary>
    private static StoreVerdict Judging(IReadOnlyList<TrustStore> stores, List<StoreVerdict> files, StoreVerdict system,
        IReadOnlyList<X509Certificate2> sent, PresentedPath path, DateTimeOffset now) => stores.Count switch
    {
        0 => system,
        1 => files[0],
        _ => StoreTrust.Evaluate(sent, path,
            new TrustStore(string.Join(", ", stores.Select(s => s.Name)), [.. stores.SelectMany(s => s.Certificates)]), now),
    };

    private static IEnumerable<CheckProblem> TimeProblems(IEnumerable<X509Certificate2> certificates, DateTimeOffset now)
    {
        foreach (var certificate in certificates)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (now > notAfter)
            {
                yield return new(ProblemCodes.Expired, $"'{certificate.Subject}' expired on {Day(notAfter)}.");
            }
            else if (now < notBefore)
            {
                yield return new(ProblemCodes.NotYetValid, $"'{certificate.Subject}' is not valid before {Day(notBefore)}.");
            }
            else if (notAfter - now < ExpiringSoon)
            {
                var days = (int)Math.Floor((notAfter - now).TotalDays);
                yield return new(ProblemCodes.ExpiringSoon,
                    $"'{certificate.Subject}' expires on {Day(notAfter)}, in {days} day{(days == 1 ? "" : "s")}.");
            }
        }
    }

    private static string Day(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string StoreLabel(string store) =>
        store == StoreTrust.SystemStoreName ? "the system store" : $"your trust store ({store})";

    private static string Names(X509Certificate2 leaf)
    {
        var dns = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())))
            .ToList();
        return dns.Count > 0 ? string.Join(", ", dns.Select(n => $"'{n}'")) : $"'{leaf.GetNameInfo(X509NameType.SimpleName, false)}'";
    }
}
