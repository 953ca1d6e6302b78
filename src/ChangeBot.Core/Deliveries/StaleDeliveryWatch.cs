using Microsoft.Extensions.Logging;
using ChangeBot.Core.Scheduling;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// Every instance looks for deliveries a dead worker left pending every <see cref="Interval"/>. The minutely
/// sweep alone would leave them for up to <see cref="NoticeJobs.ResumeAfter"/> plus a minute; docs/architecture.md#the-delivery-ledger asks
/// for a resume within a minute, so the bound is ResumeAfter + Interval + a job pick-up (about 46 s).
/// The check is one indexed query; a dispatch it hands over for a notice that a live worker is still
/// sending finds the notice's lock taken and ends at once.
/// </summary>
public sealed partial class StaleDeliveryWatch(NoticeJobs jobs, TimeProvider time, ILogger<StaleDeliveryWatch> log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>Runs until <paramref name="ct"/> is cancelled. The timer exists once this returns.</summary>
    public Task RunAsync(CancellationToken ct) => LoopAsync(new PeriodicTimer(Interval, time), ct);

    private async Task LoopAsync(PeriodicTimer timer, CancellationToken ct)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    try
                    {
                        await jobs.ResumeStaleAsync(ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The store may be briefly unreachable; the next tick tries again.
                        LogCheckFailed(log, ex);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down.
            }
        }
    }

    [LoggerMessage(DeliveryEventIds.StaleLookupFailed, LogLevel.Warning, "Looking for stale pending deliveries failed; trying again at the next tick")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
