using ChangeBot.Core.Checks;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Watches;
using ChangeBot.Testing.Checks;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeBot.Core.Tests.Watches;

/// <summary><c>watch</c> against a loopback TLS server: the per-user limit checks share, and refusals that change nothing.</summary>
public sealed class WatchCommandsTests : IDisposable
{
    private static readonly ConversationAddress Channel = new(Platforms.Slack, "T1", "C1");
    private readonly TestChain _chain = new();
    private readonly TestTlsServer _server;
    private readonly InMemoryChangeBotStore _store = new();

    public WatchCommandsTests() => _server = TestTlsServer.Start(_chain.Leaf, [_chain.Intermediate]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_BeyondTheUsersChecksAMinute_IsRefusedAndAddsNothing()
    {
        var commands = Commands(new ChecksOptions { ChecksPerUser = 1 }, CheckRunner.Loopback);

        var first = await commands.WatchAsync(Message("slack:U1"), $"localhost:{_server.Port}", null, Ct);
        var second = await commands.WatchAsync(Message("slack:U1"), $"127.0.0.1:{_server.Port}", null, Ct);
        var otherUser = await commands.WatchAsync(Message("slack:U2"), $"127.0.0.1:{_server.Port}", null, Ct);

        Assert.Contains("Watching localhost:", first.Text, StringComparison.Ordinal);
        Assert.Contains("You have run 1 checks recently", second.Text, StringComparison.Ordinal);
        Assert.True(second.Private);
        Assert.Contains("Watching 127.0.0.1:", otherUser.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await _store.ListWatchesAsync(Channel.Key, Ct)).Count);
    }

    [Fact]
    public async Task Watch_OfANameThatDoesNotResolve_IsRefusedAndAddsNothing()
    {
        var commands = Commands(new ChecksOptions(), (_, _) => throw new System.Net.Sockets.SocketException(11001));

        var reply = await commands.WatchAsync(Message("slack:U1"), $"no-such-host.example:{_server.Port}", null, Ct);

        Assert.Contains("I have not added a watch", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await _store.ListWatchesAsync(Channel.Key, Ct));
    }

    public void Dispose()
    {
        _server.Dispose();
        _chain.Dispose();
    }

    private static IncomingMessage Message(string user) => new() { Address = Channel, UserId = user, Text = "watch" };

    private WatchCommands Commands(ChecksOptions checks, HostLookup lookup)
    {
        checks.AllowedPorts = [_server.Port];
        var time = TestClock.Fake();
        var checker = new ChainChecker(new UnrestrictedResolver(lookup), time, PlatformStores.Embedded);
        var options = new WatchOptions();
        var alerts = new WatchAlerts(_store, [], time, NullLogger<WatchAlerts>.Instance);
        var runner = new WatchRunner(_store, checker, checks, options, alerts, time, NullLogger<WatchRunner>.Instance);
        return new WatchCommands(_store, runner, new CheckRateLimiter(checks), checks, options, time, NullLogger<WatchCommands>.Instance);
    }
}
