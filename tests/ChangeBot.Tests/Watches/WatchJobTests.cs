using System.Text.Json;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Watches;
using ChangeBot.Tests.Authorization;
using ChangeBot.Testing.Checks;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.Watches;

/// <summary>
/// The daily watch run against a real loopback TLS endpoint with generated chains, day by day on a fake clock:
/// each alert reaches the channel once, as a top-level message, across re-runs, a run that died mid-send and a
/// restart on the same store.
/// </summary>
public sealed class WatchJobTests
{
    private static readonly DateTimeOffset T0 = TestClock.Now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExpiringCertificate_EachThresholdAlertsOnce_AcrossAReRunACrashAndARestart()
    {
        using var data = new TempDirectory();
        using var root = TestCertificate.Root("CN=Watch Root");
        using var issuing = root.Intermediate("CN=Watch Issuing CA");
        using var leaf = issuing.Leaf(["127.0.0.2"], notAfter: T0.AddDays(35).AddHours(1));
        using var endpoint = new SwitchingEndpoint();
        endpoint.Serve(leaf, issuing);
        var clock = new FakeTimeProvider(T0);
        var posted = new List<SlackCall>();

        var first = await WatchJobHost.StartAsync(data.Path, endpoint.Port);
        var watch = await first.WatchAsync(endpoint.Endpoint);
        for (var day = 0; day <= 22; day++)
        {
            clock.SetUtcNow(T0.AddDays(day));
            var runner = day == 22 ? first.Runner(clock, [new DyingChannel()]) : first.Runner(clock);
            await runner.RunAsync(Ct);
            if (day == 6)
            {
                await runner.RunAsync(Ct); // the 30-day alert's day, run again
            }
        }

        posted.AddRange(first.Alerts());
        await first.DisposeAsync();

        // A new server on the same store: the alert the dead run reserved goes out once, the rest as due.
        var second = await WatchJobHost.StartAsync(data.Path, endpoint.Port);
        for (var day = 22; day <= 37; day++)
        {
            clock.SetUtcNow(T0.AddDays(day));
            await second.Runner(clock).RunAsync(Ct);
        }

        posted.AddRange(second.Alerts());
        var ledger = await second.App.Store.ListDeliveriesAsync(WatchAlerts.LedgerId(watch.Id), Ct);
        await second.DisposeAsync();

        var texts = posted.Select(p => ReplyText.Of(p.Json)).ToList();
        Assert.Equal(5, texts.Count);
        Assert.All(texts.Take(4), t => Assert.Contains("expires in", t, StringComparison.Ordinal));
        Assert.Contains("has expired", texts[4], StringComparison.Ordinal);
        Assert.All(texts, t => Assert.Contains(endpoint.Endpoint, t, StringComparison.Ordinal));
        Assert.Equal(["expiry:30", "expiry:14", "expiry:7", "expiry:1", "expired"],
            ledger.OrderBy(d => d.CreatedAt).Select(d => d.Discriminator[..d.Discriminator.LastIndexOf(':')]));
        Assert.All(ledger, d => Assert.Equal((DeliveryKind.WatchAlert, DeliveryStatus.Sent), (d.Kind, d.Status)));
        Assert.Equal(2, ledger.Single(d => d.Discriminator.StartsWith("expiry:14:", StringComparison.Ordinal)).Attempts);
    }

    [Fact]
    public async Task NewIntermediate_AlertsTheIssuerChangeOnce_ButARenewedLeafDoesNot()
    {
        using var data = new TempDirectory();
        using var root = TestCertificate.Root("CN=Watch Root");
        using var oldIssuer = root.Intermediate("CN=Old Issuing CA");
        using var newIssuer = root.Intermediate("CN=New Issuing CA");
        using var leaf = oldIssuer.Leaf(["127.0.0.2"]);
        using var moved = newIssuer.Leaf(["127.0.0.2"]);
        using var renewed = newIssuer.Leaf(["127.0.0.2"]);
        using var endpoint = new SwitchingEndpoint();
        var clock = new FakeTimeProvider(T0);
        await using var host = await WatchJobHost.StartAsync(data.Path, endpoint.Port);
        await host.WatchAsync(endpoint.Endpoint);

        endpoint.Serve(leaf, oldIssuer);
        await host.Runner(clock).RunAsync(Ct);
        Assert.Empty(host.Alerts());

        endpoint.Serve(moved, newIssuer);
        clock.Advance(TimeSpan.FromDays(1));
        await host.Runner(clock).RunAsync(Ct);
        await host.Runner(clock).RunAsync(Ct);
        endpoint.Serve(renewed, newIssuer);
        clock.Advance(TimeSpan.FromDays(1));
        await host.Runner(clock).RunAsync(Ct);

        var alert = ReplyText.Of(Assert.Single(host.Alerts()).Json);
        Assert.Contains("is now issued by 'CN=New Issuing CA'", alert, StringComparison.Ordinal);
        Assert.Contains("was 'CN=Old Issuing CA'", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainStopsVerifyingInTheChosenStore_AlertsOnce()
    {
        using var data = new TempDirectory();
        using var root = TestCertificate.Root("CN=Watch Root");
        using var issuing = root.Intermediate("CN=Short-lived Issuing CA", notAfter: T0.AddDays(10));
        using var leaf = issuing.Leaf(["127.0.0.2"], notAfter: T0.AddDays(200));
        using var endpoint = new SwitchingEndpoint();
        endpoint.Serve(leaf, issuing);
        var snapshots = Snapshots(data.File("snapshots"), root);
        var clock = new FakeTimeProvider(T0);
        await using var host = await WatchJobHost.StartAsync(data.File("store"), endpoint.Port, snapshots);
        await host.WatchAsync(endpoint.Endpoint, "mozilla");

        await host.Runner(clock).RunAsync(Ct);
        Assert.Equal(true, (await host.App.Store.ListWatchesAsync(WatchJobHost.Address.Key, Ct)).Single().State.StoreTrusted);
        foreach (var day in new[] { 11, 11, 12 })
        {
            clock.SetUtcNow(T0.AddDays(day));
            await host.Runner(clock).RunAsync(Ct);
        }

        var alert = ReplyText.Of(Assert.Single(host.Alerts()).Json);
        Assert.Contains($"{endpoint.Endpoint} no longer verifies in the mozilla store", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpoint_AlertsOnceAfterTwoFailedDays()
    {
        using var data = new TempDirectory();
        using var chain = new TestChain(hosts: ["127.0.0.2"]);
        using var endpoint = new SwitchingEndpoint();
        endpoint.Serve(chain.Leaf, chain.Intermediate);
        var clock = new FakeTimeProvider(T0);
        await using var host = await WatchJobHost.StartAsync(data.Path, endpoint.Port);
        await host.WatchAsync(endpoint.Endpoint);
        await host.Runner(clock).RunAsync(Ct);

        endpoint.GoDown();
        clock.Advance(TimeSpan.FromDays(1));
        await host.Runner(clock).RunAsync(Ct);
        await host.Runner(clock).RunAsync(Ct); // twice the first day down is still one day
        Assert.Empty(host.Alerts());
        clock.Advance(TimeSpan.FromDays(1));
        await host.Runner(clock).RunAsync(Ct);
        clock.Advance(TimeSpan.FromDays(1));
        await host.Runner(clock).RunAsync(Ct);

        var alert = ReplyText.Of(Assert.Single(host.Alerts()).Json);
        Assert.Contains($"I could not reach {endpoint.Endpoint} since", alert, StringComparison.Ordinal);
        var state = (await host.App.Store.ListWatchesAsync(WatchJobHost.Address.Key, Ct)).Single().State;
        Assert.Equal((T0.AddDays(1), 4), (state.UnreachableSince, state.FailedRuns));
    }

    /// <summary>A root-store snapshot folder whose "mozilla" store holds <paramref name="roots"/>.</summary>
    private static string Snapshots(string folder, params TestCertificate[] roots)
    {
        Directory.CreateDirectory(folder);
        TrustStoreFiles.Pem(Path.Combine(folder, "mozilla.pem"), roots);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(new
        {
            stores = new[] { new { store = "mozilla", name = "Mozilla (NSS)", file = "mozilla.pem", sourcePackage = "tests", version = "1", snapshotDate = "2026-01-01" } },
        }));
        return folder;
    }
}
