using System.Net;
using System.Net.Sockets;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Which addresses a server-side check must not reach (SSRF): everything that is not a public unicast
/// address, plus the cloud metadata endpoints. IPv4-mapped and NAT64 IPv6 forms are judged by the
/// IPv4 address inside them. <c>Checks:AllowedNetworks</c> overrides the refusal.
/// </summary>
public sealed class AddressPolicy(IEnumerable<IPNetwork> allowed)
{
    private static readonly (IPNetwork Network, string Reason)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "'this network' (reserved)"),
        (IPNetwork.Parse("10.0.0.0/8"), "private (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared carrier-grade NAT space (RFC 6598)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (cloud metadata lives here)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved for IETF protocol assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation (TEST-NET-1)"),
        (IPNetwork.Parse("192.88.99.0/24"), "reserved (6to4 relay)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved for benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation (TEST-NET-2)"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation (TEST-NET-3)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("168.63.129.16/32"), "a cloud metadata endpoint (Azure)"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("::/96"), "reserved (IPv4-compatible)"),
        (IPNetwork.Parse("::ffff:0:0:0/96"), "reserved (IPv4-translated)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use NAT64"),
        (IPNetwork.Parse("100::/64"), "discard-only"),
        (IPNetwork.Parse("2001::/23"), "reserved for IETF protocol assignments"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("2002::/16"), "6to4, which can tunnel to any IPv4 address"),
        (IPNetwork.Parse("3fff::/20"), "documentation"),
        (IPNetwork.Parse("fc00::/7"), "unique local (private; fd00:ec2::254 is a cloud metadata endpoint)"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local (deprecated)"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly IPNetwork[] _allowed = [.. allowed];

    /// <summary>Null when a check may connect to <paramref name="address"/>, else why it may not.</summary>
    public string? RefusalReason(IPAddress address)
    {
        var embedded = EmbeddedIPv4(address);
        if (IsAllowed(address) || (embedded is not null && IsAllowed(embedded)))
        {
            return null;
        }

        var judged = embedded ?? address;
        foreach (var (network, reason) in Refused)
        {
            if (judged.AddressFamily == network.BaseAddress.AddressFamily && network.Contains(judged))
            {
                return reason;
            }
        }

        return null;
    }

    private bool IsAllowed(IPAddress address) =>
        _allowed.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));

    /// <summary>The IPv4 address an IPv6 form carries (IPv4-mapped <c>::ffff:a.b.c.d</c>, NAT64
    /// <c>64:ff9b::a.b.c.d</c>), or null.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (Nat64.Contains(address))
        {
            var bytes = address.GetAddressBytes();
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return null;
    }
}
