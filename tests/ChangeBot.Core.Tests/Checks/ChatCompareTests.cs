using System.Net;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary><c>compare</c> and pasted chains in chat: the guards (at most three endpoints, the per-user limit, drafts)
/// and the grammar. Only loopback is ever contacted.</summary>
public sealed class ChatCompareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compare_NoticeWithFourEndpoints_ComparesTheFirstThreeAndSaysSo()
    {
        using var pki = new TestChain(TestKey.EcP256);
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var url = $"https://localhost:{server.Port}";
        var notice = Notice(NoticeState.Published, [.. Enumerable.Range(1, 4).Select(i => new NoticeEndpoint($"api-{i}", url, url))]);
        var chat = ChatCheckServiceFactory.Create(Loopback(server.Port), notice);

        var reply = await chat.CompareAsync("ca-move", "slack:U1", includeDrafts: false, Ct);

        Assert.Equal(["api-1", "api-2", "api-3"], reply.Sections.Select(s => s.Heading));
        Assert.Contains("names 4 such endpoints; I compared the first 3", reply.Text, StringComparison.Ordinal);
        Assert.All(reply.Sections, s => Assert.Contains("Nothing a client sees changes.", s.Text, StringComparison.Ordinal));
        Assert.Equal(6, server.ServerNames.Count);
    }

    [Fact]
    public async Task Compare_MoreProbesThanTheUserHasLeft_IsRefusedWithoutAConnection()
    {
        using var listener = TestListener.Silent();
        var url = $"https://localhost:{listener.Port}";
        var options = Loopback(listener.Port);
        options.ChecksPerUser = 3;
        var chat = ChatCheckServiceFactory.Create(options, Notice(NoticeState.Published, [new("a", url, url), new("b", url, url)]));

        var reply = await chat.CompareAsync("ca-move", "slack:U1", includeDrafts: false, Ct);

        Assert.Contains("takes 4 checks, more than you have left of 3 a minute", reply.Text, StringComparison.Ordinal);
        Assert.True(await listener.NobodyConnectedBeforeAsync(Ct));
    }

    /// <summary>A web chat visitor gets a new user id with each conversation; the address is counted across them.</summary>
    [Fact]
    public async Task Compare_FromOneAddressUnderNewVisitorIds_StopsAtThePerAddressLimit()
    {
        using var pki = new TestChain(TestKey.EcP256);
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var url = $"https://localhost:{server.Port}";
        var options = Loopback(server.Port);
        options.ChecksPerAddress = 3;
        var chat = ChatCheckServiceFactory.Create(options, Notice(NoticeState.Published, [new("api", url, url)]));
        IncomingMessage Visitor(string id) => new()
        {
            Address = new ConversationAddress(Platforms.DirectLine, "webchat", id),
            UserId = "directline:guest-" + id,
            Text = "compare ca-move",
            ClientAddress = "203.0.113.7",
        };

        var first = await chat.CompareAsync("ca-move", Visitor("a"), includeDrafts: false, Ct);
        var second = await chat.CompareAsync("ca-move", Visitor("b"), includeDrafts: false, Ct);

        Assert.Contains("Nothing a client sees changes.", first.Sections.Single().Text, StringComparison.Ordinal);
        Assert.Contains("more than your network address has left of 3 a minute", second.Text, StringComparison.Ordinal);
        Assert.Equal(2, server.ServerNames.Count);
    }

    [Fact]
    public async Task Compare_DraftForACustomer_IsUnknown()
    {
        var chat = ChatCheckServiceFactory.Create(new ChecksOptions(), Notice(NoticeState.Draft, [new("a", "a.example.com", "b.example.com")]));

        var reply = await chat.CompareAsync("ca-move", "slack:U1", includeDrafts: false, Ct);

        Assert.StartsWith("I don't know a notice called 'ca-move'", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CheckFollowedByAPastedChain_IsACheckCommand()
    {
        var parsed = new CommandParser().Parse("check\n-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\nfor ca-move");

        var command = Assert.IsType<ParsedInput.Command>(parsed);
        Assert.Equal(ChatCommands.Check, command.Spec.Name);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\nMIIB", command.Rest, StringComparison.Ordinal);
        Assert.True(new CommandParser().IsCheck("compare ca-move"));
    }

    private static ChecksOptions Loopback(int port) =>
        new() { AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")], AllowedPorts = [port] };

    private static Notice Notice(NoticeState state, IReadOnlyList<NoticeEndpoint> endpoints) => new()
    {
        Id = "ca-move",
        Title = "The endpoint moves to a new CA",
        State = state,
        Endpoints = endpoints,
    };
}
