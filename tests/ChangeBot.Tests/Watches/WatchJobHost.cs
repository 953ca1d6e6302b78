using System.Globalization;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Watches;
using ChangeBot.Tests.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.Watches;

/// <summary>
/// A server (Slack on, the LiteDB store in a data directory the test owns, so a second server can start on it
/// after the first is gone) and the watch job as Hangfire runs it, on a fake clock: the run's checks and judgement
/// use that clock, every other part of the server its real one.
/// </summary>
internal sealed class WatchJobHost : IAsyncDisposable
{
    public const string Channel = "C0ALERTS";
    public static readonly ConversationAddress Address = new(Platforms.Slack, WatchChat.SlackTeam, Channel);

    private WatchJobHost(SlackTestApp app) => App = app;

    public SlackTestApp App { get; }

    public static async Task<WatchJobHost> StartAsync(string dataDirectory, int port, string? snapshots = null) =>
        new(await SlackTestApp.StartAsync(s =>
        {
            s["ChangeBot:DataDirectory"] = dataDirectory;
            s["ChangeBot:SampleNotices"] = "false";
            s["Checks:AllowedNetworks"] = "127.0.0.2/32";
            s["Checks:AllowedPorts"] = port.ToString(CultureInfo.InvariantCulture);
            s["Checks:StoreSnapshots"] = snapshots;
        }));

    /// <summary>The job's code with the server's store, guard and Slack adapter, judged at <paramref name="clock"/>;
    /// <paramref name="channels"/> replaces the adapters (e.g. one that dies mid-send).</summary>
    public WatchRunner Runner(FakeTimeProvider clock, IEnumerable<IChatChannel>? channels = null)
    {
        var services = App.App.Services;
        var checker = new ChainChecker(services.GetRequiredService<ITargetResolver>(), clock, services.GetRequiredService<PlatformStores>());
        var alerts = channels is null
            ? ActivatorUtilities.CreateInstance<WatchAlerts>(services, clock)
            : ActivatorUtilities.CreateInstance<WatchAlerts>(services, clock, channels);
        return ActivatorUtilities.CreateInstance<WatchRunner>(services, checker, alerts, clock);
    }

    /// <summary>Adds a watch of <paramref name="endpoint"/> for <see cref="Channel"/>, as <c>watch</c> would.</summary>
    public async Task<Watch> WatchAsync(string endpoint, string? store = null)
    {
        var watch = new Watch
        {
            Id = Guid.NewGuid().ToString("N"), ChannelKey = Address.Key, Endpoint = endpoint, Store = store,
            CreatedBy = "slack:U0USERAAA", CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.Equal(WatchAddResult.Added, await App.Store.AddWatchAsync(watch, 50, TestContext.Current.CancellationToken));
        return watch;
    }

    /// <summary>Top-level messages posted to the alerts channel so far.</summary>
    public IReadOnlyList<SlackCall> Alerts() =>
        [.. App.Slack.Calls.Where(c => c.Method == "chat.postMessage" && c.Channel == Channel && c.Json?["thread_ts"] is null)];

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>A platform call that never completes: the process died while sending.</summary>
internal sealed class DyingChannel : IChatChannel
{
    public string Platform => Platforms.Slack;

    public Task<SendResult> SendAsync(ConversationAddress to, Core.Conversations.Reply reply, string? threadMessageId, CancellationToken ct = default) =>
        throw new IOException("the process died while posting");

    public Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Core.Conversations.Reply reply, CancellationToken ct = default) =>
        throw new IOException("the process died while posting");
}
