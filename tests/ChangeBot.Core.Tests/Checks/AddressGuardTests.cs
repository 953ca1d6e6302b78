using System.Net;
using ChangeBot.Core.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>The SSRF guard's decisions. Nothing here connects anywhere: addresses outside loopback are
/// only ever judged, never contacted (see <see cref="ChatCheckServiceTests"/> for checks that do connect).</summary>
public sealed class AddressGuardTests
{
    public static readonly TheoryData<string> Refused =
    [
        "127.0.0.1", "127.10.20.30", "::1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.170.2",
        "100.64.0.1", "100.100.100.200", "168.63.129.16", "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1",
        "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "fd00::1", "fd00:ec2::254", "fe80::1", "ff02::1", "::",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2001:db8::1", "2002:7f00:1::1",
    ];

    [Theory]
    [MemberData(nameof(Refused))]
    public void Policy_NonPublicAddress_IsRefusedWithAReason(string address)
    {
        var policy = new AddressPolicy([]);

        Assert.NotNull(policy.RefusalReason(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Policy_PublicAddress_IsAllowed(string address)
    {
        Assert.Null(new AddressPolicy([]).RefusalReason(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.0/8")]
    [InlineData("::1", "::1/128")]
    [InlineData("10.0.0.1", "10.0.0.0/24")]
    [InlineData("169.254.169.254", "169.254.169.254/32")]
    [InlineData("100.64.0.1", "100.64.0.0/10")]
    [InlineData("fd00::1", "fd00::/8")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1/32")]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1/128")]
    public void Policy_AddressInAllowedNetworks_IsAllowed(string address, string network)
    {
        var policy = new AddressPolicy([IPNetwork.Parse(network)]);

        Assert.Null(policy.RefusalReason(IPAddress.Parse(address)));
        Assert.NotNull(policy.RefusalReason(IPAddress.Parse("192.168.255.1")));
    }

    [Fact]
    public async Task Guard_HostResolvingToLoopback_IsBlockedAfterOneLookup()
    {
        var lookups = 0;
        var guard = new AddressGuard(new ChecksOptions(), (_, _) =>
        {
            lookups++;
            return Task.FromResult(new[] { IPAddress.Loopback });
        });

        var resolution = await guard.ResolveAsync(CheckTarget.Parse("internal.example.com"), TestContext.Current.CancellationToken);

        Assert.Equal(ProblemCodes.BlockedAddress, resolution.Problem?.Code);
        Assert.Null(resolution.Address);
        Assert.Contains("'internal.example.com' is not on the public internet", resolution.Problem!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", resolution.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, lookups);
    }

    [Fact]
    public async Task Guard_NameWithOnePublicAndOneInternalAddress_IsBlocked()
    {
        var guard = new AddressGuard(new ChecksOptions(), (_, _) =>
            Task.FromResult(new[] { IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.1.2.3") }));

        var resolution = await guard.ResolveAsync(CheckTarget.Parse("mixed.example.com"), TestContext.Current.CancellationToken);

        Assert.Equal(ProblemCodes.BlockedAddress, resolution.Problem?.Code);
        Assert.Empty(resolution.Addresses);
    }

    [Fact]
    public async Task Guard_PublicName_ReturnsTheVettedAddresses()
    {
        var guard = new AddressGuard(new ChecksOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Parse("8.8.8.8") }));

        var resolution = await guard.ResolveAsync(CheckTarget.Parse("https://public.example.com"), TestContext.Current.CancellationToken);

        Assert.Null(resolution.Problem);
        Assert.Equal([IPAddress.Parse("8.8.8.8")], resolution.Addresses);
    }

    [Theory]
    [InlineData("public.example.com:22")]
    [InlineData("https://public.example.com:6443/")]
    public async Task Guard_PortNotAllowed_IsBlockedBeforeAnyLookup(string target)
    {
        var guard = new AddressGuard(new ChecksOptions(), (_, _) => throw new InvalidOperationException("no lookup expected"));

        var resolution = await guard.ResolveAsync(CheckTarget.Parse(target), TestContext.Current.CancellationToken);

        Assert.Equal(ProblemCodes.BlockedAddress, resolution.Problem?.Code);
        // Customers get plain words; the operator's setting is named in the log, not to them.
        Assert.Contains("cannot be checked from here", resolution.Problem!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Checks:AllowedPorts", resolution.Problem.Message, StringComparison.Ordinal);
    }
}
