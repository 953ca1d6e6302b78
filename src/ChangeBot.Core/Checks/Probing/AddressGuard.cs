using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeBot.Core.Checks;

/// <summary>
/// The SSRF guard in front of every server-side check: only allowed ports; one DNS lookup; every
/// address it returns must pass <see cref="AddressPolicy"/> (one refused address refuses the target,
/// since a name that mixes public and internal answers is a rebinding attempt); the check then
/// connects to exactly these vetted addresses. A refused target gets <c>blocked-address</c> and no
/// packet is sent to it. The refusal is worded for the customer who asked (in chat); the setting that
/// would allow the target is named only in the log, for the operator.
/// </summary>
public sealed partial class AddressGuard(ChecksOptions options, HostLookup? lookup = null, ILogger<AddressGuard>? log = null) : ITargetResolver
{
    private readonly AddressPolicy _policy = new(options.AllowedNetworks);
    private readonly HostLookup _lookup = lookup ?? Dns.GetHostAddressesAsync;
    private readonly ILogger _log = log ?? NullLogger<AddressGuard>.Instance;

    public async Task<TargetResolution> ResolveAsync(CheckTarget target, CancellationToken ct)
    {
        if (!options.AllowedPorts.Contains(target.Port))
        {
            var ports = string.Join(", ", options.AllowedPorts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            LogRefused(_log, target.Original, $"port {target.Port} is not listed", "Checks:AllowedPorts");
            return TargetResolution.Refused(new(ProblemCodes.BlockedAddress,
                $"Port {target.Port} cannot be checked from here (ports that can: {ports})."));
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
                LogRefused(_log, target.Original, $"{address} is {reason}", "Checks:AllowedNetworks");
                return target.IsAddress
                    ? TargetResolution.Refused(new(ProblemCodes.BlockedAddress,
                        $"{address} is {reason}; checks from here only reach public internet addresses."), address)
                    : TargetResolution.Refused(new(ProblemCodes.BlockedAddress,
                        $"'{target.Host}' is not on the public internet; checks from here only reach public internet addresses."));
            }
        }

        return TargetResolution.To(addresses);
    }

    [LoggerMessage(51, LogLevel.Information, "Check of {Target} refused: {Reason}. To allow it, add it to {Setting}.")]
    private static partial void LogRefused(ILogger logger, string target, string reason, string setting);
}
