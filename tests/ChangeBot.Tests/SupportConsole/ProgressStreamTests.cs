using System.Collections.Concurrent;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>The progress page's event stream as several support people watch one broadcast (issue 18: the
/// stream must not slow the broadcast it watches). In <see cref="NoticePagesTests"/>' collection: Hangfire's log
/// provider is process-wide, and a host disposed while another enqueues a job failed that job.</summary>
[Collection(nameof(NoticePagesTests))]
public sealed class ProgressStreamTests
{
    private const string SampleId = "api-sandbox-tls-certificate";
    private const string NoticeId = "console-watched";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProgressStream_ThreeWatchersOfOneBroadcast_ShareOneLedgerReadingPerTick()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reads = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false, configure: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
            InterceptedStore.Wrap(services, (method, args, _) =>
            {
                if (method == nameof(IBroadcastProgressStore.CountProgressAsync) && args[0] is string noticeId)
                {
                    reads.AddOrUpdate(noticeId, 1, (_, n) => n + 1);
                }
            });
        });
        var channels = await ImportWithAWaitingBroadcastAsync(host, channels: 3, clock.GetUtcNow());
        var clients = new List<HttpClient>();
        var streams = new List<(HttpResponseMessage Response, StreamReader Events)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await host.SignedInAsync();
                clients.Add(client);
                var response = await client.GetAsync($"/console/notices/{NoticeId}/progress?handler=stream", HttpCompletionOption.ResponseHeadersRead, Ct);
                streams.Add((response, new StreamReader(await response.Content.ReadAsStreamAsync(Ct))));
            }

            var first = await Task.WhenAll(streams.Select(s => NextProgressAsync(s.Events)));
            var readsAtFirstTick = reads.GetValueOrDefault(NoticeId);
            var one = (await host.Store.ListDeliveriesAsync(NoticeId, Ct))[0];
            await host.Store.UpdateDeliveryAsync(one with { Status = DeliveryStatus.Sent, SentAt = clock.GetUtcNow(), Attempts = 1 }, Ct);
            clock.Advance(BroadcastProgressFeed.Interval);
            var second = await Task.WhenAll(streams.Select(s => NextProgressAsync(s.Events)));

            Assert.All(first, e => Assert.Equal("{\"sent\":0,\"pending\":3,\"throttled\":0,\"failed\":0,\"total\":3}", e));
            Assert.All(second, e => Assert.Equal("{\"sent\":1,\"pending\":2,\"throttled\":0,\"failed\":0,\"total\":3}", e));
            // One reading per tick for all three watchers (each used to read the ledger itself: 3, then 6).
            Assert.Equal(1, readsAtFirstTick);
            Assert.Equal(2, reads.GetValueOrDefault(NoticeId));
        }
        finally
        {
            streams.ForEach(s => s.Response.Dispose());
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ProgressStream_OneReadingStalledOnALoadedMachine_DoesNotHoldBackTheFinalCount()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stalled = 0;
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false, configure: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
            InterceptedStore.Wrap(services, (method, args, _) =>
            {
                // The first reading waits 2 s for the write gate and the scheduler: wall time, not work (the
                // browser test flaked so under load; 50 x 2 s kept the bar at its first count for 100 s).
                if (method == nameof(IBroadcastProgressStore.CountProgressAsync) && args[0] is NoticeId && Interlocked.Exchange(ref stalled, 1) == 0)
                {
                    clock.Advance(TimeSpan.FromSeconds(2));
                }
            });
        });
        var channels = await ImportWithAWaitingBroadcastAsync(host, channels: 2, clock.GetUtcNow());
        using var client = await host.SignedInAsync();
        using var response = await client.GetAsync($"/console/notices/{NoticeId}/progress?handler=stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        var first = await NextProgressAsync(events);
        foreach (var delivery in await host.Store.ListDeliveriesAsync(NoticeId, Ct))
        {
            await host.Store.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Sent, SentAt = clock.GetUtcNow(), Attempts = 1 }, Ct);
        }

        clock.Advance(BroadcastProgressFeed.MaxInterval);
        var last = await NextProgressAsync(events);

        Assert.Equal("{\"sent\":0,\"pending\":2,\"throttled\":0,\"failed\":0,\"total\":2}", first);
        Assert.Equal("{\"sent\":2,\"pending\":0,\"throttled\":0,\"failed\":0,\"total\":2}", last);
        Assert.Equal("", await events.ReadLineAsync(Ct)); // the end of the progress event
        Assert.Equal("event: done", await events.ReadLineAsync(Ct));
    }

    /// <summary>The data of the stream's next <c>progress</c> event.</summary>
    /// <summary>The watched notice with a broadcast to that many new channels reserved but never dispatched: it
    /// waits, so its streams keep watching.</summary>
    private static async Task<IReadOnlyList<string>> ImportWithAWaitingBroadcastAsync(NoticePagesHost host, int channels, DateTimeOffset now)
    {
        var pasted = ConsoleModelTests.PastableSample().Replace($"id: {SampleId}", $"id: {NoticeId}", StringComparison.Ordinal);
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(pasted, "n.md", new Actor("cli:me", "cli"), Ct);
        var keys = await host.SubscribeChannelsAsync(channels);
        await host.Store.TryReserveDeliveriesAsync([.. keys.Select(c => new Delivery
        {
            NoticeId = NoticeId, Revision = 1, ChannelKey = c, Kind = DeliveryKind.Broadcast,
            Status = DeliveryStatus.Pending, CreatedAt = now,
        })], Ct);
        return keys;
    }

    private static async Task<string> NextProgressAsync(StreamReader events)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // A bound, not a wait: the event is due at once.
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await events.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "event: progress")
            {
                var data = await events.ReadLineAsync(timeout.Token);
                return data!["data: ".Length..];
            }
        }

        throw new InvalidOperationException("the stream ended before a progress event");
    }
}
