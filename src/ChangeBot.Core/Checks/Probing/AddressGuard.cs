using System.Globalization;
using System.Net;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The SSRF guard in front of every server-side check: only allowed ports; one DNS lookup; every
/// address it returns must pass <see cref="AddressPolicy"/> (one refused address refuses the target,
/// since a name that mixes public and internal answers is a rebinding attempt); the check then
/// connects to exactly these vetted addresses. A refused target gets <c>blocked-address</c> and no
/// packet is sent to it.
/// </summary>
public sealed class AddressGuard(ChecksOptions options, HostLookup? lookup = null) : ITargetResolver
{
    private readonly AddressPolicy _policy = new(options.AllowedNetworks);
    private readonly HostLookup _lookup = lookup ?? Dns.GetHostAddressesAsync;

    public async Task<TargetResolution> ResolveAsync(CheckTarget target, CancellationToken ct)
    {
        if (!options.AllowedPorts.Contains(target.Port))
        {
            var ports = string.Join(", ", options.AllowedPorts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            return TargetResolution.Refused(new(ProblemCodes.BlockedAddress,
                $"Port {target.Port} is not allowed for checks from here (allowed: {ports}; see Checks:AllowedPorts)."));
        }

        var (addresses, problem) = await UnrestrictedResolver.LookupAsync(_lookup, target, ct);
        if (problem is not null)
        {
            return TargetResolution.Refused(problem);
        }

        foreach (var address in addresses)
        {
            if (_policy.RefusalReason(address) is { } reason)
            {
                // A name's internal addresses are what an attacker probing the network wants to learn: name none.
                return target.IsAddress
                    ? TargetResolution.Refused(new(ProblemCodes.BlockedAddress,
                        $"{address} is {reason}; checks from here only reach public addresses (see Checks:AllowedNetworks)."), address)
                    : TargetResolution.Refused(new(ProblemCodes.BlockedAddress,
                        $"'{target.Host}' resolves to an address that is not allowed; checks from here only reach public addresses (see Checks:AllowedNetworks)."));
            }
        }

        return TargetResolution.To(addresses);
    }
}
