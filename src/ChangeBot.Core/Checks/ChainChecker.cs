using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The check engine behind the CLI, chat and REST: resolve (through the given resolver, which is the
/// SSRF guard for server-side checks), connect, capture the presented chain, evaluate. Every stage
/// shares one deadline of <see cref="CheckRequest.Timeout"/>; running out of it is <c>timeout</c>.
/// One handshake serves every store: the captured chain is judged in memory by each platform snapshot.
/// </summary>
public sealed class ChainChecker(ITargetResolver resolver, TimeProvider time, PlatformStores platforms)
{
    private readonly PlatformStores _platforms = platforms;

    /// <summary>Judges a chain read from a file (<see cref="ChainFile"/>) with no network access at all;
    /// <paramref name="request"/>'s target gives the host name to match, or has none (<see cref="CheckTarget.ForFile"/>).</summary>
    public CheckResult CheckChain(CheckRequest request, IReadOnlyList<X509Certificate2> chain, CancellationToken ct = default) =>
        ChainEvaluator.Evaluate(request with { Platforms = request.Platforms ?? _platforms }, chain, null, null, time.GetUtcNow(), ct);

    public async Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken ct = default)
    {
        var target = request.Target;
        using var deadline = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        string? address = null;
        var stage = "resolving the host name";
        try
        {
            var resolution = await resolver.ResolveAsync(target, linked.Token);
            if (resolution.Problem is { } refused)
            {
                return CheckResult.Failed(target, resolution.Address?.ToString(), refused);
            }

            address = resolution.Addresses.Count == 1 ? resolution.Addresses[0].ToString() : null;
            stage = "connecting or during the TLS handshake";
            var (probe, failure) = await TlsProbe.RunAsync(target, resolution.Addresses, linked.Token);
            if (probe is null)
            {
                return CheckResult.Failed(target, address, failure!);
            }

            try
            {
                // Signature checks of a hostile chain are work the deadline bounds too.
                stage = "evaluating the certificates";
                return ChainEvaluator.Evaluate(request with { Platforms = request.Platforms ?? _platforms }, probe, time.GetUtcNow(), linked.Token);
            }
            finally
            {
                foreach (var certificate in probe.Sent)
                {
                    certificate.Dispose(); // the result keeps facts, not certificates
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var seconds = request.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            return CheckResult.Failed(target, address,
                new(ProblemCodes.Timeout, $"No answer from {target} within {seconds} s ({stage})."));
        }
    }
}
