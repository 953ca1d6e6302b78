using System.Net;
using System.Net.Sockets;

namespace ChangeBot.Core.Checks;

/// <summary>Turns a target into the addresses a check may connect to, or says why none may be.</summary>
public interface ITargetResolver
{
    Task<TargetResolution> ResolveAsync(CheckTarget target, CancellationToken ct);
}

/// <summary>Either addresses to try in order, or a problem (<c>dns-failed</c>, <c>blocked-address</c>)
/// with the address concerned when there is one.</summary>
public sealed record TargetResolution(IReadOnlyList<IPAddress> Addresses, CheckProblem? Problem, IPAddress? Address = null)
{
    public static TargetResolution To(IReadOnlyList<IPAddress> addresses) => new(addresses, null);

    public static TargetResolution Refused(CheckProblem problem, IPAddress? address = null) => new([], problem, address);
}

/// <summary>The DNS lookup both resolvers use; tests substitute their own answers.</summary>
public delegate Task<IPAddress[]> HostLookup(string host, CancellationToken ct);

/// <summary>The CLI's resolver: it runs as the local user, so every address is allowed (docs/checks.md#server-side-checks-and-their-limits).</summary>
public sealed class UnrestrictedResolver(HostLookup? lookup = null) : ITargetResolver
{
    private readonly HostLookup _lookup = lookup ?? Dns.GetHostAddressesAsync;

    public async Task<TargetResolution> ResolveAsync(CheckTarget target, CancellationToken ct)
    {
        var (addresses, problem) = await LookupAsync(_lookup, target, ct);
        return problem is null ? TargetResolution.To(addresses) : TargetResolution.Refused(problem);
    }

    /// <summary>One lookup (none for an IP literal); failures become <c>dns-failed</c>.</summary>
    internal static async Task<(IReadOnlyList<IPAddress> Addresses, CheckProblem? Problem)> LookupAsync(
        HostLookup lookup, CheckTarget target, CancellationToken ct)
    {
        if (IPAddress.TryParse(target.Host, out var literal))
        {
            return ([literal], null);
        }

        try
        {
            var addresses = await lookup(target.Host, ct);
            return addresses.Length > 0
                ? (addresses, null)
                : ([], new(ProblemCodes.DnsFailed, $"'{target.Host}' has no address records."));
        }
        catch (SocketException e)
        {
            return ([], new(ProblemCodes.DnsFailed, $"'{target.Host}' could not be resolved: {e.Message}."));
        }
        catch (ArgumentException)
        {
            return ([], new(ProblemCodes.DnsFailed, $"'{target.Host}' is not a valid host name."));
        }
    }
}
