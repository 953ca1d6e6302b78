using System.Net;
using System.Reflection;
using ChangeBot.Core.Checks;
using ChangeBot.Core.CutOvers;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Testing.Checks;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>Cut-over detection end to end on the core: a real TLS server on 127.0.0.1 that swaps its chain mid-window,
/// the guarded checker, the in-memory store, the delivery engine and a fake clock.</summary>
public sealed class CutOverTests : IDisposable
{
    private readonly TestChain _old = new(name: "Old");
    private readonly TestChain _announced = new(name: "Announced");
    private readonly TestTlsServer _server;
    private readonly DeliveryHarness _h = new();
    private readonly ChecksOptions _checks;
    private bool _stopped;

    public CutOverTests()
    {
        _server = TestTlsServer.Start(_old.Leaf, [_old.Intermediate]);
        _checks = new ChecksOptions { AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")], AllowedPorts = [_server.Port] };
        _h.Time.SetUtcNow(TestClock.Now);
    }

    private string Endpoint => $"localhost:{_server.Port}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CutOver_ChainSwapsMidWindowThenBack_PostsLiveOnceAndRolledBackOnceThreadedAndNotifying()
    {
        var (c1, c2) = await PublishAsync();
        var watch = Watch();
        Assert.Contains((await _h.Operations.GetReadinessAsync("tls-change", Ct)).Reply.Facts, f => f.Label == "Cut-over" && f.Value == "not yet seen");

        Assert.Equal(1, await watch.RunAsync(Ct));
        await _h.DrainAsync();
        Assert.Empty(CutOverPosts(c1));

        _server.Serve(_announced.Leaf, [_announced.Intermediate]);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await watch.RunAsync(Ct)); // within CutOver:Interval of the last probe
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var switchedAt = _h.Time.GetUtcNow();
        Assert.Equal(1, await watch.RunAsync(Ct));
        await _h.DrainAsync();

        foreach (var channel in new[] { c1, c2 })
        {
            var live = Assert.Single(CutOverPosts(channel));
            Assert.StartsWith($"The change is live on {Endpoint} (since {{{{time:", live.Reply.Text, StringComparison.Ordinal);
            Assert.True(live.Reply.NotifyConversation);
            Assert.Equal(BroadcastId(channel), live.Thread);
        }

        // Later probes, and a restarted process, see the same chain: nothing more.
        for (var i = 0; i < 3; i++)
        {
            _h.Time.Advance(TimeSpan.FromMinutes(2));
            await Watch().RunAsync(Ct);
            await watch.RunAsync(Ct);
            await _h.DrainAsync();
        }

        Assert.All(new[] { c1, c2 }, c => Assert.Single(CutOverPosts(c)));

        _server.Serve(_old.Leaf, [_old.Intermediate]);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await watch.RunAsync(Ct);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await watch.RunAsync(Ct);
        await Watch().RunAsync(Ct);
        await _h.DrainAsync();

        foreach (var channel in new[] { c1, c2 })
        {
            var posts = CutOverPosts(channel);
            Assert.Equal(2, posts.Count);
            Assert.StartsWith($"The change was rolled back on {Endpoint}", posts[1].Reply.Text, StringComparison.Ordinal);
            Assert.True(posts[1].Reply.NotifyConversation);
            Assert.Equal(BroadcastId(channel), posts[1].Thread);
        }

        var readiness = await _h.Operations.GetReadinessAsync("tls-change", Ct);
        Assert.Contains(readiness.Reply.Facts, f => f.Label == "Cut-over" && f.Value.StartsWith("rolled back at {{time:", StringComparison.Ordinal));
        var observations = await _h.Store.ListCutOversAsync("tls-change", Ct);
        Assert.Equal([CutOverState.Live, CutOverState.RolledBack], observations.Select(o => o.State));
        Assert.Equal(switchedAt, observations[0].FirstSeen);
    }

    [Fact]
    public async Task CutOver_CrashAfterRecordingTheSwitchBeforeReservingItsMessages_NextProcessPostsItOnce()
    {
        var (c1, _) = await PublishAsync();
        _server.Serve(_announced.Leaf, [_announced.Intermediate]);
        var crashing = FailingReserve.Wrap(_h.Store);

        await Watch(crashing).RunAsync(Ct); // records the switch, then the ledger write fails
        await _h.DrainAsync();
        Assert.Single(await _h.Store.ListCutOversAsync("tls-change", Ct));
        Assert.Empty(CutOverPosts(c1));

        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await Watch().RunAsync(Ct);
        await Watch().RunAsync(Ct);
        await _h.DrainAsync();

        Assert.Single(CutOverPosts(c1));
    }

    [Fact]
    public async Task CutOver_RunsOnTwoInstancesWithinTheInterval_ProbeTheEndpointOnce()
    {
        await PublishAsync();

        var first = await Watch().RunAsync(Ct);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await Watch().RunAsync(Ct);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var third = await Watch().RunAsync(Ct);

        Assert.Equal([1, 0, 1], [first, second, third]);
        Assert.Equal(2, _server.ServerNames.Count);
    }

    [Fact]
    public async Task CutOver_OutsideLeadTimeAndTrail_DoesNotProbe()
    {
        await PublishAsync();
        var watch = Watch();
        _h.Time.SetUtcNow(TestClock.Now.AddDays(1)); // the window ended well over CutOver:Trail ago
        Assert.Equal(0, await watch.RunAsync(Ct));
        Assert.Empty(_server.ServerNames);
    }

    [Fact]
    public async Task CutOver_EndpointDown_IsNeitherLiveNorRolledBack()
    {
        var (c1, _) = await PublishAsync();
        var watch = Watch();
        _server.Serve(_announced.Leaf, [_announced.Intermediate]);
        await watch.RunAsync(Ct);
        _server.Dispose();
        _stopped = true;

        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await watch.RunAsync(Ct);
        await _h.DrainAsync();

        Assert.Equal([CutOverState.Live], (await _h.Store.ListCutOversAsync("tls-change", Ct)).Select(o => o.State));
        Assert.Single(CutOverPosts(c1));
    }

    [Fact]
    public void CutOverOptions_OutOfRange_NameTheSetting()
    {
        var problems = new CutOverOptions { LeadTime = TimeSpan.FromHours(-1), Trail = TimeSpan.FromDays(8), Interval = TimeSpan.FromSeconds(5) }.Problems();

        Assert.Collection(problems,
            p => Assert.StartsWith("CutOver:LeadTime", p, StringComparison.Ordinal),
            p => Assert.StartsWith("CutOver:Trail", p, StringComparison.Ordinal),
            p => Assert.StartsWith("CutOver:Interval", p, StringComparison.Ordinal));
        Assert.Empty(new CutOverOptions().Problems());
    }

    private CutOverWatch Watch(IChangeBotStore? store = null) =>
        new(store ?? _h.Store, new ChainChecker(new AddressGuard(_checks, CheckRunner.Loopback), _h.Time, PlatformStores.Embedded),
            _h.Engine, new CutOverOptions(), _checks, _h.Time, NullLogger<CutOverWatch>.Instance);

    private async Task<(ConversationAddress, ConversationAddress)> PublishAsync()
    {
        var now = _h.Time.GetUtcNow();
        await _h.ImportAsync(DeliveryHarness.SampleNotice() with
        {
            WindowStart = now.AddMinutes(30),
            WindowEnd = now.AddHours(2),
            ActionDeadline = now.AddMinutes(30),
            Endpoints = [new NoticeEndpoint("api", Endpoint, null)],
            Certificates = new AnnouncedChain(
                new CertificateRef(_announced.Root.Subject, _announced.Root.Sha256),
                new CertificateRef(_announced.Intermediate.Subject, _announced.Intermediate.Sha256)),
        });
        var c1 = await _h.SubscribeAsync("c1");
        var c2 = await _h.SubscribeAsync("c2");
        await _h.Operations.PublishAsync("tls-change", DeliveryHarness.Support, Ct);
        await _h.DrainAsync();
        return (c1, c2);
    }

    private List<(ConversationAddress To, Core.Conversations.Reply Reply, string? Thread, string Id)> CutOverPosts(ConversationAddress to) =>
        [.. _h.Channel.Posted.Where(p => p.To == to && p.Reply.DeliveryKey?.Contains("#CutOver#", StringComparison.Ordinal) == true)];

    private string BroadcastId(ConversationAddress to) =>
        _h.Channel.Posted.First(p => p.To == to && p.Reply.DeliveryKey?.Contains("#Broadcast#", StringComparison.Ordinal) == true).Id;

    public void Dispose()
    {
        if (!_stopped)
        {
            _server.Dispose();
        }

        _old.Dispose();
        _announced.Dispose();
    }

    /// <summary>The store with its ledger write failing once, as a process dying right after recording a switch would.</summary>
    public class FailingReserve : DispatchProxy
    {
        private IChangeBotStore _inner = null!;
        private bool _failed;

        public static IChangeBotStore Wrap(IChangeBotStore inner)
        {
            var proxy = Create<IChangeBotStore, FailingReserve>();
            ((FailingReserve)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IDeliveryLedger.TryReserveDeliveriesAsync) && !_failed)
            {
                _failed = true;
                throw new IOException("the process died before the ledger write");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e)
            {
                throw e.InnerException!;
            }
        }
    }
}
