using System.Net;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Notices;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>Checks from chat: behind the SSRF guard and the per-user limit, answered as a reply whose
/// text is the verdict. Only loopback is ever contacted.</summary>
public sealed class ChatCheckServiceTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("localhost")]
    public async Task Check_LoopbackTarget_IsRefusedWithoutAConnection(string host)
    {
        using var listener = TestListener.Silent(alsoIPv6: true);
        var chat = ChatCheckServiceFactory.Create(new ChecksOptions { AllowedPorts = [listener.Port] });

        var reply = await chat.CheckAsync($"{host}:{listener.Port}", null, "slack:U1", TestContext.Current.CancellationToken);

        Assert.StartsWith($"Could not check", reply.Text, StringComparison.Ordinal);
        // Plain words for the customer; the setting that would allow it is for the operator's log.
        Assert.Contains("public internet", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Checks:", reply.Text, StringComparison.Ordinal);
        Assert.Contains(reply.Sections, s => s.Text.Contains(ProblemCodes.BlockedAddress, StringComparison.Ordinal));
        Assert.True(await listener.NobodyConnectedBeforeAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.0/8")]
    [InlineData("[::1]", "::1/128")]
    [InlineData("[::ffff:127.0.0.1]", "127.0.0.1/32")]
    [InlineData("localhost", "127.0.0.1/32")]
    public async Task Check_LoopbackTargetInAllowedNetworks_Connects(string host, string network)
    {
        using var listener = TestListener.PlainText(alsoIPv6: true);
        var chat = ChatCheckServiceFactory.Create(
            new ChecksOptions { AllowedPorts = [listener.Port], AllowedNetworks = [IPNetwork.Parse(network)] });

        var reply = await chat.CheckAsync($"{host}:{listener.Port}", null, "slack:U1", TestContext.Current.CancellationToken);

        Assert.Contains(reply.Sections, s => s.Text.Contains(ProblemCodes.HandshakeFailed, StringComparison.Ordinal));
        Assert.Single(listener.Remotes);
    }

    [Fact]
    public async Task Check_AllowedTlsEndpoint_RepliesWithVerdictFactsPerCertificateAndProblems()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var chat = ChatCheckServiceFactory.Create(new ChecksOptions { AllowedPorts = [server.Port], AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")] });

        var reply = await chat.CheckAsync($"https://localhost:{server.Port}/api", null, "slack:U1", TestContext.Current.CancellationToken);

        Assert.StartsWith($"Action required: your trust store does not contain '{pki.Root.Subject}'", reply.Text, StringComparison.Ordinal);
        Assert.Equal(Severity.ActionRequired, reply.Severity);
        Assert.Equal(["Trust by platform", $"Certificate 1 of 2: {pki.Leaf.Subject}", $"Certificate 2 of 2: {pki.Intermediate.Subject}", "Problems"],
            reply.Sections.Select(s => s.Heading));
        Assert.Contains("• Mozilla (NSS): not trusted (snapshot 2022-04-26)", reply.Sections[0].Text, StringComparison.Ordinal);
        Assert.Contains(pki.Leaf.Sha256, reply.Sections[1].Text, StringComparison.Ordinal);
        Assert.Contains("{{time:", reply.Sections[1].Text, StringComparison.Ordinal);
        Assert.Contains(reply.Facts, f => f.Label == "TLS" && f.Value.StartsWith("TLSv1.3", StringComparison.Ordinal));
        Assert.Equal(["localhost"], server.ServerNames);
    }

    [Fact]
    public async Task Check_NameThatRebindsAfterVetting_ConnectsToTheVettedAddressAfterOneLookup()
    {
        using var pki = new TestChain(hosts: ["rebind.example.test"]);
        using var vetted = TestTlsServer.Start(pki.Leaf, [pki.Intermediate], IPAddress.Parse("127.0.0.2"));
        var lookups = 0;
        HostLookup rebinding = (_, _) => Task.FromResult(new[] { IPAddress.Parse(++lookups == 1 ? "127.0.0.2" : "127.0.0.1") });
        var options = new ChecksOptions { AllowedPorts = [vetted.Port], AllowedNetworks = [IPNetwork.Parse("127.0.0.2/32")] };

        var reply = await ChatCheckServiceFactory.Create(options, rebinding)
            .CheckAsync($"rebind.example.test:{vetted.Port}", null, "slack:U1", TestContext.Current.CancellationToken);

        Assert.Equal(1, lookups);
        Assert.Equal(["rebind.example.test"], vetted.ServerNames);
        Assert.Contains(reply.Facts, f => f.Label == "Host name" && f.Value == "matches");
    }

    [Fact]
    public async Task Check_ForNotice_NamesTheNoticesRootInTheAction()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var notice = new Notice
        {
            Id = "api-sandbox-tls-certificate",
            Title = "New CA",
            Certificates = new AnnouncedChain(new CertificateRef(pki.Root.Subject, null), null),
        };
        var chat = ChatCheckServiceFactory.Create(
            new ChecksOptions { AllowedPorts = [server.Port], AllowedNetworks = [IPNetwork.Parse("127.0.0.1/32")] }, notice);

        var reply = await chat.CheckAsync($"localhost:{server.Port}", notice.Id, "slack:U1", TestContext.Current.CancellationToken);

        Assert.Equal($"Action required: your trust store does not contain '{pki.Root.Subject}'; import the root named in the notice ({pki.Root.Subject}).", reply.Text);
        Assert.Equal(notice.Id, reply.NoticeId);
        Assert.Contains(reply.Facts, f => f.Label == "notice:api-sandbox-tls-certificate" && f.Value.StartsWith("trusted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_UnknownNotice_SaysSoWithoutChecking()
    {
        var chat = ChatCheckServiceFactory.Create(new ChecksOptions());

        var reply = await chat.CheckAsync("example.com", "no-such-notice", "slack:U1", TestContext.Current.CancellationToken);

        Assert.Contains("'no-such-notice'", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BadTarget_RepliesWithUsage()
    {
        var chat = ChatCheckServiceFactory.Create(new ChecksOptions());

        var reply = await chat.CheckAsync("ftp://example.com", null, "slack:U1", TestContext.Current.CancellationToken);

        Assert.EndsWith(ChatCheckService.Usage, reply.Text, StringComparison.Ordinal);
        Assert.True(reply.Private);
    }

    [Fact]
    public async Task Check_MoreThanTheLimitPerUser_IsRefusedForThatUserOnly()
    {
        var chat = ChatCheckServiceFactory.Create(new ChecksOptions { ChecksPerUser = 2, RateLimitWindow = TimeSpan.FromHours(1) });
        var ct = TestContext.Current.CancellationToken;

        await chat.CheckAsync("127.0.0.1:22", null, "slack:U1", ct);
        await chat.CheckAsync("127.0.0.1:22", null, "slack:U1", ct);
        var third = await chat.CheckAsync("127.0.0.1:22", null, "slack:U1", ct);
        var otherUser = await chat.CheckAsync("127.0.0.1:22", null, "slack:U2", ct);

        Assert.StartsWith("You have run 2 checks recently", third.Text, StringComparison.Ordinal);
        Assert.StartsWith("Could not check 127.0.0.1:22", otherUser.Text, StringComparison.Ordinal);
    }
}
