using System.Diagnostics;
using System.Globalization;
using System.Net;
using ChangeBot.Benchmarks.Fanout;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Hosting;
using ChangeBot.Testing.SupportConsole;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Benchmarks.SupportConsole;

/// <summary>
/// Server time of the support console's pages at scale (issue 18): the real server (<see cref="ServerHost.Build"/>,
/// Kestrel on 127.0.0.1, LiteDB in a temp directory or, with <c>--store postgres</c>, a fresh PostgreSQL database:
/// <see cref="ConsoleBenchStore"/>) signed in through the <see cref="LoopbackOidcProvider"/>,
/// with N notices and C channels seeded through the store port: C subscriptions, and the first D notices in
/// progress, each delivered to all C channels with three in four of them acknowledged (the rest are drafts,
/// which the list shows without readiness counts). D defaults to one page of the notices list, so every row
/// of its first page counts 10,000 deliveries. Each page is requested sequentially by one signed-in client;
/// the time is request sent to body read on loopback. Baselines in the same run: <c>/healthz</c> (no console)
/// and <c>/console/audit</c> (same sign-in, layout and antiforgery, an empty audit log).
/// Usage: <c>console [--store litedb|postgres] [--channels 10000] [--notices 1000] [--delivered 50] [--requests 50] [--warmup 3]</c>.
/// </summary>
internal static class ConsoleBenchmark
{
    private const string SupportUser = "U0SUPPORT";
    private const string MeasuredNotice = "bench-notice-0000";
    private const double GoalP99Ms = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var channels = BenchOptions.Integer(args, "--channels", 10_000);
        var notices = Math.Max(1, BenchOptions.Integer(args, "--notices", 1_000));
        var delivered = Math.Min(notices, BenchOptions.Integer(args, "--delivered", 50));
        var requests = BenchOptions.Integer(args, "--requests", 50);
        var warmup = BenchOptions.Integer(args, "--warmup", 3);
        var storeKind = Array.IndexOf(args, "--store") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : "litedb";
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var ct = cts.Token;
        Console.WriteLine(FormattableString.Invariant(
            $"Console: {notices} notices, {channels} channels (subscriptions; {delivered} notices in progress, each delivered to every channel, 3/4 acknowledged); {requests} requests per page after {warmup} warm-up; {Environment.ProcessorCount} cores, load {FanoutBenchmark.LoadAverage()}"));

        var data = Directory.CreateTempSubdirectory("changebot-console-bench-");
        using var storage = await ConsoleBenchStore.CreateAsync(storeKind, data, ct);
        if (storage is null)
        {
            return 1;
        }

        try
        {
            Console.WriteLine($"store: {storage.Name}");
            var seeding = Stopwatch.StartNew();
            await SeedAsync(storage, notices, delivered, channels, ct);
            Console.WriteLine(FormattableString.Invariant($"seeded in {seeding.Elapsed.TotalSeconds:0.0} s"));
            var settling = Stopwatch.StartNew();
            await storage.SettleAsync(ct);
            Console.WriteLine(FormattableString.Invariant($"settled (PostgreSQL: VACUUM ANALYZE) in {settling.Elapsed.TotalSeconds:0.0} s"));
            await CompareCountingAsync(storage, Math.Min(delivered, 50), ct);
            await TimeReadinessReadsAsync(storage, ct);

            await using var provider = await LoopbackOidcProvider.StartAsync();
            var app = ServerHost.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--environment", "Production",
                // Razor Pages are found in the application's assembly; started from this one they would not be
                // (every console path would fall through to the signed-in-only fallback and loop on sign-in).
                "--applicationName", typeof(ServerHost).Assembly.GetName().Name!,
                "--Logging:LogLevel:Default=Warning",
                $"--ChangeBot:DataDirectory={data.FullName}",
                "--ChangeBot:SeedNoticesDirectory=" + Path.Combine(data.FullName, "no-seeds"),
                $"--ChangeBot:SupportUsers=slack:{SupportUser}",
                .. storage.ServerSettings,
                $"--Console:Providers:Slack:Authority={provider.Authority}",
                $"--Console:Providers:Slack:ClientId={LoopbackOidcProvider.ClientId}",
                $"--Console:Providers:Slack:ClientSecret={LoopbackOidcProvider.ClientSecret}",
            ]);
            await app.StartAsync(ct);
            try
            {
                using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
                using var browser = new HttpClient(handler) { BaseAddress = new Uri(app.Urls.First()) };
                provider.NextUser = LoopbackOidcProvider.SlackUser(SupportUser);
                (await ConsoleSignIn.SignInAsync(browser)).Page.Dispose();

                var pages = new (string Name, string Path)[]
                {
                    ("baseline: /healthz", "/healthz"),
                    ("baseline: /console/audit", "/console/audit"),
                    ("notices list: /console", "/console"),
                    ("readiness: /console/notices/{id}/readiness", $"/console/notices/{MeasuredNotice}/readiness"),
                };
                var results = new List<(string Name, double[] Ms, long Bytes, double First)>();
                foreach (var (name, path) in pages)
                {
                    var (ms, bytes, first) = await MeasureAsync(browser, path, warmup, requests, ct);
                    results.Add((name, ms, bytes, first));
                }

                var (answered, firstAnswered) = await MeasureAfterAnswersAsync(browser, storage, app.Services, Math.Min(requests, 20), ct);
                results.Add(("readiness, first view after an answer", answered, results[^1].Bytes, firstAnswered));
                if (delivered > 1)
                {
                    var (sending, firstSending) = await MeasureDuringReminderWaveAsync(browser, storage, app.Services, Math.Min(requests, 20), ct);
                    results.Add(("readiness during a reminder wave (200 sent per view)", sending, results[^1].Bytes, firstSending));
                }

                Console.WriteLine();
                Console.WriteLine("| page | requests | p50 ms | p95 ms | p99 ms | max ms | body KiB | first request ms |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var (name, ms, bytes, first) in results)
                {
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {name} | {ms.Length} | {Percentile(ms, 50):0.0} | {Percentile(ms, 95):0.0} | {Percentile(ms, 99):0.0} | {ms[^1]:0.0} | {bytes / 1024.0:0} | {first:0.0} |"));
                }

                Console.WriteLine(FormattableString.Invariant($"load average after: {FanoutBenchmark.LoadAverage()}"));
                var met = results.Skip(2).Take(2).All(r => Percentile(r.Ms, 99) < GoalP99Ms);
                Console.WriteLine(met ? "goal met (p99 < 100 ms for both console pages)" : "goal NOT met (p99 < 100 ms for both console pages)");
                return met ? 0 : 1;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held open at exit is the temp directory's to clean.
            }
        }
    }

    /// <summary>Seeds the fresh store before the server opens it (LiteDB allows one owner).</summary>
    private static async Task SeedAsync(ConsoleBenchStore storage, int notices, int delivered, int channels, CancellationToken ct)
    {
        var store = storage.Open();
        using var closing = (IDisposable)store; // both stores are IDisposable
        var importer = new NoticeImporter();
        var parsed = Enumerable.Range(0, notices).Select(i => importer.Parse(NoticeMarkdown(i), $"bench-{i}.md")).ToList();
        if (parsed.FirstOrDefault(p => p.Notice is null) is { } bad)
        {
            throw new InvalidOperationException("bench notice does not parse: " + string.Join("; ", bad.Errors));
        }

        await store.ImportNoticesAsync([.. parsed.Select((p, i) => i < delivered ? p.Notice! with { State = NoticeState.InProgress } : p.Notice!)], ct);
        var now = DateTimeOffset.UtcNow;
        var addresses = Enumerable.Range(0, channels)
            .Select(i => new ConversationAddress(Platforms.Slack, $"T{i % 10:D4}", $"C{i:D6}")).ToList();
        // In parallel: one statement each on PostgreSQL (LiteDB serialises its writes anyway).
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (address, token) => await store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U0BENCH", now), token));

        AckAnswer[] answers = [AckAnswer.Ready, AckAnswer.Ready, AckAnswer.NotAffected];
        foreach (var parsedNotice in parsed.Take(delivered))
        {
            var notice = await store.GetNoticeAsync(parsedNotice.Notice!.Id, ct) ?? throw new InvalidOperationException("seeded notice missing");
            await store.TryReserveDeliveriesAsync([.. addresses.Select(a => new Delivery
            {
                NoticeId = notice.Id, Revision = notice.Revision, ChannelKey = a.Key, Kind = DeliveryKind.Broadcast,
                Status = DeliveryStatus.Sent, CreatedAt = now, SentAt = now,
            })], ct);
            // Every fourth channel stays silent. In bulk (LiteDB: one transaction per notice; PostgreSQL: one statement
            // per 1,000, each row counted by the trigger as AddAcknowledgementAsync's would be).
            await ConsoleBenchStore.AddAnswersAsync(store, [.. addresses.Select((a, i) => (a, i)).Where(x => x.i % 4 != 3)
                .Select(x => new Acknowledgement(notice.Id, x.a.Key, answers[x.i % 4], "slack:U0CUSTOMER", now))], ct);
        }
    }

    /// <summary>What a notice receiving answers costs: before each view, one more answer to the measured notice from one
    /// of its silent channels, written through another store instance (PostgreSQL; LiteDB: the server's own store),
    /// so every view is the first after a write. The write is not timed.</summary>
    private static async Task<(double[] Ms, double First)> MeasureAfterAnswersAsync(HttpClient browser, ConsoleBenchStore storage, IServiceProvider server, int count, CancellationToken ct)
    {
        var beside = storage.OpenBesideServer();
        using var closing = beside as IDisposable;
        var writer = beside ?? server.GetRequiredService<IChangeBotStore>();
        var path = $"/console/notices/{MeasuredNotice}/readiness";
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var channel = new ConversationAddress(Platforms.Slack, $"T{(4 * i + 3) % 10:D4}", $"C{4 * i + 3:D6}").Key;
            await writer.AddAcknowledgementAsync(new Acknowledgement(MeasuredNotice, channel, AckAnswer.Ready, "slack:U0LATE", DateTimeOffset.UtcNow), ct);
            times[i] = (await TimedGetAsync(browser, path, ct)).Ms;
        }

        var first = times[0];
        Array.Sort(times);
        return (times, first);
    }

    /// <summary>What a running wave costs: a second delivered notice gets a reminder owed to every channel (pending), and
    /// before each view 200 of them are marked sent, through another store instance (PostgreSQL; LiteDB: the server's
    /// own store), as a fan-out's workers would. The writes are not timed; "first" is the view right after the
    /// reservation (the whole new ledger read), before the timed ones.</summary>
    private static async Task<(double[] Ms, double First)> MeasureDuringReminderWaveAsync(HttpClient browser, ConsoleBenchStore storage, IServiceProvider server, int count, CancellationToken ct)
    {
        const string notice = "bench-notice-0001";
        const int sentPerView = 200;
        var beside = storage.OpenBesideServer();
        using var closing = beside as IDisposable;
        var writer = beside ?? server.GetRequiredService<IChangeBotStore>();
        var revision = (await writer.GetNoticeAsync(notice, ct) ?? throw new InvalidOperationException("seeded notice missing")).Revision;
        var now = DateTimeOffset.UtcNow;
        var wave = (await writer.ListDeliveriesAsync(notice, ct))
            .Select(d => d with { Kind = DeliveryKind.Reminder, Discriminator = "3d", Status = DeliveryStatus.Pending, Revision = revision, PlatformMessageId = null, SentAt = null, CreatedAt = now })
            .ToList();
        await writer.TryReserveDeliveriesAsync(wave, ct);
        var path = $"/console/notices/{notice}/readiness";
        // The first view after the reservation reads the whole ledger (20,000 deliveries): reported as "first", outside
        // the percentiles, as the other rows' first requests are.
        var first = (await TimedGetAsync(browser, path, ct)).Ms;
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            foreach (var delivery in wave.Skip(i * sentPerView).Take(sentPerView))
            {
                await writer.UpdateDeliveryAsync(delivery with { Status = DeliveryStatus.Sent, Attempts = 1, PlatformMessageId = "bench", SentAt = DateTimeOffset.UtcNow }, ct);
            }

            times[i] = (await TimedGetAsync(browser, path, ct)).Ms;
        }

        Array.Sort(times);
        return (times, first);
    }

    /// <summary>The list's readiness counts for its first page, on a freshly opened store, both ways: one notice at a
    /// time from its rows (how the list counted before <c>CountReadinessAsync</c>), and one call.</summary>
    private static async Task CompareCountingAsync(ConsoleBenchStore storage, int notices, CancellationToken ct)
    {
        var store = storage.Open();
        using var closing = (IDisposable)store; // both stores are IDisposable
        var ids = Enumerable.Range(0, notices).Select(i => string.Create(CultureInfo.InvariantCulture, $"bench-notice-{i:D4}")).ToList();
        var started = Stopwatch.GetTimestamp();
        var oneCall = await store.CountReadinessAsync(ids, ct);
        var oneCallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        foreach (var id in ids)
        {
            if (await Readiness.CountAsync(store, id, ct) != oneCall[id])
            {
                throw new InvalidOperationException($"readiness counts of {id} differ between the two ways");
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"readiness counts of {notices} in-progress notices on the store (cold): one CountReadinessAsync call {oneCallMs:0.0} ms; one notice at a time from its rows (the list's old way) {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms"));
    }

    /// <summary>The store reads behind one readiness page (<see cref="Readiness.ReportAsync"/>): the notice's two lists
    /// read first (a fresh store), then each read timed warm (median of five after one), so the page's time can be
    /// split into the store's part and the rest.</summary>
    private static async Task TimeReadinessReadsAsync(ConsoleBenchStore storage, CancellationToken ct)
    {
        var store = storage.Open();
        using var closing = (IDisposable)store;
        async Task<string> TimeAsync(string name, Func<Task<int>> read)
        {
            var rows = await read();
            var ms = new double[5];
            for (var i = 0; i < ms.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await read();
                ms[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Array.Sort(ms);
            return FormattableString.Invariant($"{name} {rows} rows {ms[2]:0.0} ms");
        }

        // Their first reads are the cost of a view after a write (a store that keeps them serves the rest from memory).
        var started = Stopwatch.GetTimestamp();
        var deliveries = await store.ListDeliveriesAsync(MeasuredNotice, ct);
        var deliveriesMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var answers = await store.ListAcknowledgementsAsync(MeasuredNotice, ct);
        var answersMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var parts = new List<string>
        {
            FormattableString.Invariant($"first reads: deliveries {deliveries.Count} rows {deliveriesMs:0.0} ms, answers {answers.Count} rows {answersMs:0.0} ms"),
            await TimeAsync("deliveries", async () => (await store.ListDeliveriesAsync(MeasuredNotice, ct)).Count),
            await TimeAsync("answers", async () => (await store.ListAcknowledgementsAsync(MeasuredNotice, ct)).Count),
            await TimeAsync("checks", async () => (await store.ListLatestChannelChecksAsync(MeasuredNotice, ct)).Count),
            await TimeAsync("broken subscriptions", async () => (await store.ListBrokenSubscriptionsAsync(ct)).Count),
            await TimeAsync("whole report", async () => (await Readiness.ReportAsync(store, MeasuredNotice, ct)).Count),
        };
        if (storage.RawReads(MeasuredNotice) is { } raw)
        {
            parts.Add(await TimeAsync("deliveries' documents read as text, not parsed", () => raw(ct)));
        }

        Console.WriteLine("readiness page's reads on the store (warm, median of 5): " + string.Join("; ", parts));
    }

    private static string NoticeMarkdown(int i) => string.Create(CultureInfo.InvariantCulture, $"""
        ---
        id: bench-notice-{i:D4}
        title: Bench maintenance {i}
        products: [product-{i % 20}]
        environments: [production]
        action_deadline: 2030-01-{1 + (i % 28):D2}T09:00:00Z
        ---
        Maintenance window {i} for the console benchmark.
        """);

    /// <returns>the sorted times after the warm-up, the body size, and the time of the very first request (cold:
    /// code not yet compiled, and nothing of the notice read yet).</returns>
    private static async Task<(double[] Ms, long Bytes, double First)> MeasureAsync(HttpClient browser, string path, int warmup, int requests, CancellationToken ct)
    {
        var times = new double[requests];
        long bytes = 0;
        double? first = null;
        for (var i = -warmup; i < requests; i++)
        {
            var (elapsed, length) = await TimedGetAsync(browser, path, ct);
            first ??= elapsed;
            if (i >= 0)
            {
                times[i] = elapsed;
                bytes = length;
            }
        }

        Array.Sort(times);
        return (times, bytes, first ?? 0);
    }

    /// <summary>One GET of a console page, timed from sending it to its body read; anything but 200 ends the run.</summary>
    private static async Task<(double Ms, long Bytes)> TimedGetAsync(HttpClient browser, string path, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await browser.GetAsync(path, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} (signed out?)");
        }

        return (elapsed, body.LongLength);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
