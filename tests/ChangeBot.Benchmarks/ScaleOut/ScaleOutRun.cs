using System.Diagnostics;
using System.Net.Http.Headers;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Storage.Postgres;
using ChangeBot.Testing.Hosting;
using ChangeBot.Testing.Postgres;

namespace ChangeBot.Benchmarks.ScaleOut;

/// <summary>
/// One set of instances on a fresh database: seeds the notices and channels, warms every instance up with small
/// broadcasts, then measures each shape from the first publish request to the last post arriving at the double.
/// </summary>
internal sealed class ScaleOutRun(string serverConnectionString, CountingSlackDouble slack, int instances, int channels, int spreadNotices)
{
    private const string ApiToken = "scaleout-bench-api-token-0123456789";
    private const int WarmChannels = 25;
    private const int WarmNotices = 12;

    public async Task<IReadOnlyList<RunResult>> MeasureAsync()
    {
        using var database = await ScratchDatabase.CreateAsync(serverConnectionString);
        var directories = Enumerable.Range(0, instances).Select(_ => Directory.CreateTempSubdirectory("changebot-bench-")).ToList();
        var starting = directories.Select((d, i) => ServerProcess.StartAsync(d.FullName, 0, Settings(database.ConnectionString, i), CancellationToken.None)).ToArray();
        try
        {
            var servers = await Task.WhenAll(starting);
            await using (var store = new PostgresChangeBotStore(database.ConnectionString))
            {
                await SeedAsync(store);
            }

            await WarmUpAsync(servers);

            var one = await MeasureShapeAsync(servers, database, "one notice", ["one"]);
            var spread = await MeasureShapeAsync(servers, database, $"{spreadNotices} notices", [.. Enumerable.Range(0, spreadNotices).Select(k => $"spread-{k}")]);
            return [one, spread];
        }
        finally
        {
            foreach (var server in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await server.Result.DisposeAsync();
            }

            directories.ForEach(d => d.Delete(recursive: true));
        }
    }

    /// <summary>Small broadcasts until every instance has sent some (which worker takes a job is Hangfire's
    /// choice), so no measured run pays for compiling the sending path.</summary>
    private async Task WarmUpAsync(ServerProcess[] servers)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in Enumerable.Range(0, WarmNotices).Select(i => $"warm-{i}").Chunk(instances))
        {
            await BroadcastAsync(servers, batch, batch.Length * WarmChannels);
            sent.UnionWith(slack.PostsByToken.Keys);
            if (sent.Count == instances)
            {
                return;
            }
        }

        await Console.Error.WriteLineAsync($"warning: after {WarmNotices} warm-up broadcasts only {sent.Count} of {instances} instances had sent any");
    }

    private async Task<RunResult> MeasureShapeAsync(ServerProcess[] servers, ScratchDatabase database, string shape, IReadOnlyList<string> noticeIds)
    {
        await Task.Delay(DatabaseLoad.StatisticsFlush);
        var dbBefore = await DatabaseLoad.SnapshotAsync(serverConnectionString, database.Name);
        var botBefore = servers.Select(s => s.ProcessorTime()).ToArray();
        var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;

        var wall = await BroadcastAsync(servers, noticeIds, channels);

        var own = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;
        var bot = servers.Select((s, i) => s.ProcessorTime() - botBefore[i]).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        var split = string.Join(" / ", Enumerable.Range(0, instances).Select(i => slack.PostsByToken.GetValueOrDefault("Bearer " + BotToken(i))));
        var dbCpu = (await DatabaseLoad.SnapshotAsync(serverConnectionString, database.Name)).CpuSince(dbBefore);
        await Task.Delay(DatabaseLoad.StatisticsFlush);
        var dbAfter = await DatabaseLoad.SnapshotAsync(serverConnectionString, database.Name);
        var active = dbAfter.ActiveMilliseconds - dbBefore.ActiveMilliseconds;
        var cpu = (dbCpu + bot + own).TotalMilliseconds;
        return new RunResult(shape, instances, channels, wall, split, active / channels, active / wall.TotalMilliseconds,
            dbCpu.TotalMilliseconds / cpu, bot.TotalMilliseconds / cpu, own.TotalMilliseconds / cpu);
    }

    /// <summary>Publishes the notices at once, spread over the instances, and waits for every message.</summary>
    private async Task<TimeSpan> BroadcastAsync(ServerProcess[] servers, IReadOnlyList<string> noticeIds, int expectedPosts)
    {
        slack.Reset();
        var posted = slack.WhenPostsAsync(expectedPosts, TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(noticeIds.Select(async (id, i) =>
        {
            using var client = new HttpClient { BaseAddress = servers[i % servers.Length].BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
            using var response = await client.PostAsync($"/api/v1/notices/{id}/publish", null);
            response.EnsureSuccessStatusCode();
        }));
        await posted;
        return clock.Elapsed;
    }

    /// <summary>Notices "one" (every measured channel), "spread-k" (a share each) and small "warm-i" ones, and
    /// the channels subscribed to them by product.</summary>
    private async Task SeedAsync(PostgresChangeBotStore store)
    {
        var importer = new NoticeImporter();
        var ids = new[] { "one" }.Concat(Enumerable.Range(0, spreadNotices).Select(k => $"spread-{k}"))
            .Concat(Enumerable.Range(0, WarmNotices).Select(i => $"warm-{i}"));
        var notices = ids.Select(id => importer.Parse($"---\nid: {id}\ntitle: Benchmark {id}\nproducts: [{id}]\n---\n## What\nA benchmark notice.\n", id + ".md").Notice!).ToList();
        await store.ImportNoticesAsync(notices);

        var subscriptions = Enumerable.Range(0, channels).SelectMany(i => new[]
            {
                Subscribe($"C{i:D6}", "one"),
                Subscribe($"S{i:D6}", $"spread-{i % spreadNotices}"),
            })
            .Concat(Enumerable.Range(0, WarmNotices * WarmChannels).Select(i => Subscribe($"W{i:D6}", $"warm-{i / WarmChannels}")))
            .ToList();
        await Parallel.ForEachAsync(subscriptions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) => await store.UpsertSubscriptionAsync(s, ct));
    }

    /// <summary>Channels spread over 200 workspaces: the adapter paces chat.postMessage per workspace (10/s by
    /// default), so with few workspaces that pace, not the engine, would be measured.</summary>
    private static Subscription Subscribe(string channel, string product) =>
        new(new ConversationAddress(Platforms.Slack, $"T0BENCH{int.Parse(channel.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) % 200}", channel), [product], "slack:U0BENCH", DateTimeOffset.UnixEpoch);

    private static string BotToken(int instance) => $"xoxb-bench-instance-{instance}";

    private Dictionary<string, string> Settings(string connectionString, int index) => new()
    {
        ["ChangeBot__Storage"] = "Postgres",
        ["ConnectionStrings__Postgres"] = connectionString,
        ["ChangeBot__ApiTokens"] = ApiToken,
        ["ChangeBot__SeedNoticesDirectory"] = "",
        ["Slack__SigningSecret"] = "scaleout-bench-signing-secret-0123",
        ["Slack__BotToken"] = BotToken(index),
        ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
        // Warnings only (console logging per message would be part of what is measured), but the host's
        // "Now listening on" line, which start-up waits for.
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };
}
