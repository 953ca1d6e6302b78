using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>
/// <c>changebot demo</c> (<c>ChangeBot:Demo=true</c>): once a web chat has typed <c>subscribe</c>, imports a
/// current copy of the sample (<see cref="DemoNotice"/>) and publishes it, so the broadcast with its
/// acknowledgement buttons arrives there, a reminder a minute later, and the deadline after five; readiness is
/// written to the console as the buttons are pressed. Off (returns at once) unless the setting is on.
/// </summary>
internal sealed partial class DemoRun(
    IChangeBotStore store,
    INoticeOperations operations,
    IOptions<ChangeBotOptions> options,
    TimeProvider time,
    ILogger<DemoRun> log) : BackgroundService
{
    private static readonly Actor DemoActor = new("system:demo", "demo");
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = options.Value.SeedNoticesDirectory ?? Path.Combine(AppContext.BaseDirectory, "notices");
        var file = Path.Combine(folder, "api-sandbox-tls-certificate.md");
        if (!options.Value.Demo || !File.Exists(file))
        {
            return;
        }

        LogWaiting(log);
        using var timer = new PeriodicTimer(Poll, time);
        while ((await store.ListSubscriptionsAsync(null, stoppingToken)).All(s => s.Address.Platform != Platforms.DirectLine))
        {
            await timer.WaitForNextTickAsync(stoppingToken);
        }

        var sample = new NoticeImporter().Parse(await File.ReadAllTextAsync(file, stoppingToken), Path.GetFileName(file), folder).Notice!;
        var demo = DemoNotice.From(sample, time.GetUtcNow());
        await store.ImportNoticesAsync([demo], stoppingToken);
        await operations.PublishAsync(demo.Id, DemoActor, stoppingToken);
        LogPublished(log, demo.Id, demo.ActionDeadline!.Value);

        var shown = "";
        while (!stoppingToken.IsCancellationRequested)
        {
            var rows = await Readiness.ReportAsync(store, demo.Id, stoppingToken);
            var readiness = string.Join("; ", rows.Select(r => $"{r.ChannelKey}: {(r.Answer is { } a ? AckWords.Describe(a.Answer) : "no answer yet")}"));
            if (readiness != shown)
            {
                LogReadiness(log, readiness);
                shown = readiness;
            }

            await timer.WaitForNextTickAsync(stoppingToken);
        }
    }

    [LoggerMessage(40, LogLevel.Information, "Demo: open the web chat and type 'subscribe'; the demo notice is published to it then.")]
    private static partial void LogWaiting(ILogger logger);

    [LoggerMessage(41, LogLevel.Information, "Demo: published {NoticeId}; a reminder follows in about a minute, the action deadline is {Deadline:u}. Press a button under the notice to answer.")]
    private static partial void LogPublished(ILogger logger, string noticeId, DateTimeOffset deadline);

    [LoggerMessage(42, LogLevel.Information, "Demo: readiness now: {Readiness}")]
    private static partial void LogReadiness(ILogger logger, string readiness);
}
