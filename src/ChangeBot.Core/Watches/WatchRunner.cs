using System.Globalization;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Watches;

/// <summary>
/// The daily run (Hangfire's <c>changebot-watch</c>): first the alerts an interrupted run reserved, then every
/// watch checked through the same guarded engine as <c>check</c> (the SSRF guard applies on every run, since a
/// name may point elsewhere tomorrow), judged against its last state, its alerts reserved in the ledger before
/// the new state is stored, then sent. A crash anywhere leaves either reserved alerts (sent by the next run or
/// the minutely resume) or an unchanged state (judged again, to the same ledger keys).
/// </summary>
public sealed partial class WatchRunner(
    IChangeBotStore store,
    ChainChecker checker,
    ChecksOptions checks,
    WatchOptions options,
    WatchAlerts alerts,
    TimeProvider time,
    ILogger<WatchRunner> log)
{
    public const string JobId = "changebot-watch";
    public const string ResumeJobId = "changebot-watch-resume";

    /// <summary>Watches read per page: the run's memory stays bounded however many channels watch.</summary>
    public const int PageSize = 200;

    public async Task<WatchRunSummary> RunAsync(CancellationToken ct = default)
    {
        var resumed = await alerts.ResumeAsync(ct);
        var checkedCount = 0;
        var sent = resumed;
        string? after = null;
        while (true)
        {
            var page = await store.ListAllWatchesAsync(after, PageSize, ct);
            if (page.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = ct },
                async (watch, token) =>
                {
                    var posted = await RunOneAsync(watch, token);
                    Interlocked.Increment(ref checkedCount);
                    Interlocked.Add(ref sent, posted);
                });
            after = page[^1].Id;
        }

        var summary = new WatchRunSummary(checkedCount, sent);
        LogRunFinished(log, summary.Checked, summary.AlertsSent);
        return summary;
    }

    /// <summary>Checks one watch now (also used at registration for the baseline).</summary>
    public async Task<CheckResult> CheckAsync(string endpoint, CancellationToken ct)
    {
        return CheckTarget.TryParse(endpoint, out var target, out var error)
            ? await checker.CheckAsync(new CheckRequest(target) { Timeout = checks.Timeout }, ct)
            : throw new FormatException(error);
    }

    private async Task<int> RunOneAsync(Watch watch, CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            var result = await CheckAsync(watch.Endpoint, ct);
            var outcome = WatchJudge.Judge(watch, result, now, options);
            var updated = watch with { State = outcome.State };
            await alerts.ReserveAsync(updated, outcome.Alerts, ct);
            if (!await store.UpdateWatchStateAsync(updated, ct))
            {
                return 0; // unwatched meanwhile: its reserved alerts fail as "removed" when resumed
            }

            return await alerts.SendPendingAsync(updated.Id, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One watch failing must not stop the others; the next run tries it again.
            LogWatchFailed(log, e, watch.Id, watch.ChannelKey);
            return 0;
        }
    }

    [LoggerMessage(WatchEventIds.RunFinished, LogLevel.Information, "Watch run checked {Checked} endpoints and posted {Sent} alerts")]
    private static partial void LogRunFinished(ILogger logger, int @checked, int sent);

    [LoggerMessage(WatchEventIds.WatchFailed, LogLevel.Warning, "Watch {WatchId} of {Channel} could not be run")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string watchId, string channel);
}

/// <summary>What one run did.</summary>
public sealed record WatchRunSummary(int Checked, int AlertsSent)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Checked} checked, {AlertsSent} alerts sent");
}
