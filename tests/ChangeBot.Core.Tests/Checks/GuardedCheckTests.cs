using System.Diagnostics.Metrics;
using System.Net;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Testing.Checks;
using ChangeBot.Testing.InMemory;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>The one guarded path chat and REST share: why a check was not run, the record readiness shows,
/// and the checks counter. Only loopback is ever contacted.</summary>
public sealed class GuardedCheckTests
{
    private static readonly ConversationAddress Channel = new(Platforms.Slack, "T1", "C1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Notice Sample(TestChain pki) => new()
    {
        Id = "api-sandbox-tls-certificate",
        Title = "New CA",
        State = NoticeState.Published,
        ContentHash = "h",
        Certificates = new AnnouncedChain(new CertificateRef(pki.Root.Subject, null), null),
    };

    [Theory]
    [InlineData("ftp://example.com", "uses ftp://")]
    [InlineData("", "No target given")]
    [InlineData("https://user@example.com", "is not a host")]
    public async Task Run_BadTarget_IsRefusedNamingWhatIsWrong(string target, string says)
    {
        var checks = ChatCheckServiceFactory.Create(new ChecksOptions());

        var outcome = await checks.RunAsync(new GuardedCheckRequest(target, null, "rest:t1", "rest"), Ct);

        Assert.Null(outcome.Result);
        Assert.Equal(CheckRefusalReason.BadTarget, outcome.Refusal?.Reason);
        Assert.Contains(says, outcome.Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OverTheCallersLimit_IsRefusedWithWhenToRetry()
    {
        var checks = ChatCheckServiceFactory.Create(new ChecksOptions { ChecksPerUser = 1, RateLimitWindow = TimeSpan.FromHours(1) });
        await checks.RunAsync(new GuardedCheckRequest("127.0.0.1:443", null, "rest:t1", "rest"), Ct);

        var limited = await checks.RunAsync(new GuardedCheckRequest("127.0.0.1:443", null, "rest:t1", "rest"), Ct);
        var chatUser = await checks.CheckAsync("127.0.0.1:443", null, "rest:t1", Ct);

        Assert.Equal(CheckRefusalReason.RateLimited, limited.Refusal?.Reason);
        Assert.InRange(limited.Refusal!.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.StartsWith("You have run 1 checks recently", chatUser.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownNotice_IsRefusedWithoutChecking()
    {
        using var listener = TestListener.Silent();
        var checks = ChatCheckServiceFactory.Create(new ChecksOptions { AllowedPorts = [listener.Port], AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")] });

        var outcome = await checks.RunAsync(new GuardedCheckRequest($"127.0.0.1:{listener.Port}", "no-such-notice", "rest:t1", "rest"), Ct);

        Assert.Equal(CheckRefusalReason.UnknownNotice, outcome.Refusal?.Reason);
        Assert.True(await listener.NobodyConnectedBeforeAsync(Ct));
    }

    [Fact]
    public async Task Check_ForANoticeInAConversation_KeepsItAsThatChannelsLastCheck()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var store = new InMemoryChangeBotStore();
        var notice = Sample(pki);
        await store.ImportNoticesAsync([notice], Ct);
        var time = TestClock.Fake();
        var checks = ChatCheckServiceFactory.Create(Loopback(server.Port), store, time);

        await checks.CheckAsync($"localhost:{server.Port}", notice.Id, "slack:U1", Channel, Ct);
        await checks.CheckAsync($"localhost:{server.Port}", null, "slack:U1", Channel, Ct);
        await checks.RunAsync(new GuardedCheckRequest($"localhost:{server.Port}", notice.Id, "rest:t1", "rest"), Ct);

        var kept = Assert.Single(await store.ListLatestChannelChecksAsync(notice.Id, Ct));
        Assert.Equal((Channel.Key, "slack:U1", time.GetUtcNow(), $"localhost:{server.Port}", CheckVerdict.Problems),
            (kept.ChannelKey, kept.UserId, kept.At, kept.Target, kept.Verdict));
        Assert.Equal([ProblemCodes.UntrustedRoot], kept.Problems);
    }

    [Fact]
    public async Task Run_EveryCheckThatRuns_IsCountedByVerdictAndSurface()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var surface = "test-" + Guid.NewGuid().ToString("N")[..8];
        var checks = ChatCheckServiceFactory.Create(Loopback(server.Port));
        var counted = new List<string>();
        using var listener = CheckCounter(surface, counted);

        await checks.RunAsync(new GuardedCheckRequest($"localhost:{server.Port}", null, "rest:t1", surface), Ct);
        await checks.RunAsync(new GuardedCheckRequest("10.1.2.3:443", null, "rest:t1", surface), Ct);
        await checks.RunAsync(new GuardedCheckRequest("ftp://example.com", null, "rest:t1", surface), Ct);

        lock (counted)
        {
            Assert.Equal(["blocked", "problems"], counted.Order());
        }
    }

    private static ChecksOptions Loopback(int port) =>
        new() { AllowedPorts = [port, 443], AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")] };

    private static MeterListener CheckCounter(string surface, List<string> verdicts)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ChangeBotTelemetry.Name && instrument.Name == "changebot.checks")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (values.GetValueOrDefault("surface") == surface)
            {
                lock (verdicts)
                {
                    verdicts.Add(values["verdict"]!);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
