using System.Net;

namespace ChangeBot.Core.Checks;

/// <summary>Limits on server-side checks (chat, REST), from the <c>Checks</c> settings section.</summary>
public sealed class ChecksOptions
{
    public const string Section = "Checks";

    /// <summary><c>Checks:AllowedNetworks</c>: CIDRs that may be checked even though they are private,
    /// loopback, link-local or otherwise refused by default.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; set; } = [];

    /// <summary><c>Checks:AllowedPorts</c>: the only ports a server-side check may connect to.</summary>
    public IReadOnlyList<int> AllowedPorts { get; set; } = [443, 8443];

    /// <summary>Checks one user may start per <see cref="RateLimitWindow"/>.</summary>
    public int ChecksPerUser { get; set; } = 10;

    /// <summary><c>Checks:PerAddressPerMinute</c>: checks one client address may start per <see cref="RateLimitWindow"/>
    /// where the platform lets us see it (web chat), since a visitor gets a new user id with every conversation.</summary>
    public int ChecksPerAddress { get; set; } = 20;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Checks:MaxConcurrent</c>: checks running at once across every user and surface; beyond it a
    /// check is refused (busy), since per-user limits alone cannot stop many users (or many web chat visitors).</summary>
    public int MaxConcurrent { get; set; } = 8;

    public TimeSpan Timeout { get; set; } = CheckRequest.DefaultTimeout;
}
