using System.Globalization;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Scheduling;

/// <summary>
/// The work behind scheduled jobs: reminders, window-state changes and the sweep that resumes
/// whatever a dead process left unfinished. Each method is idempotent: a job that runs twice, runs
/// late, or belongs to a plan that has since changed does no harm.
/// </summary>
public sealed class NoticeJobs(
    IChangeBotStore store,
    DeliveryEngine engine,
    NoticeScheduler scheduler,
    TimeProvider time,
    IEnumerable<INoticeObserver> observers)
{
    /// <summary>Pending deliveries older than this are resumed by the sweep (a worker died or was
    /// throttled), well before Hangfire's own invisibility timeout would re-run the job.</summary>
    public static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(30);

    public async Task RunPlannedAsync(string noticeId, string jobKey, CancellationToken ct = default)
    {
        var notice = await store.GetNoticeAsync(noticeId, ct);
        await store.RemoveScheduledJobAsync(jobKey, ct);
        if (notice is null)
        {
            return;
        }

        var parts = jobKey.Split('|');
        if (parts is [_, "reminder", var minutes, var due])
        {
            var planned = DateTimeOffset.FromUnixTimeSeconds(long.Parse(due, CultureInfo.InvariantCulture));
            ChangeBotTelemetry.ReminderLateness.Record(Math.Max(0, (time.GetUtcNow() - planned).TotalSeconds));
            await RemindAsync(notice, TimeSpan.FromMinutes(long.Parse(minutes, CultureInfo.InvariantCulture)),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(due, CultureInfo.InvariantCulture)), ct);
        }
        else
        {
            await ApplyScheduledStateAsync(notice, ct);
        }
    }

    private async Task RemindAsync(Notice notice, TimeSpan offset, DateTimeOffset due, CancellationToken ct)
    {
        // A reminder from an older plan (deadline moved, notice cancelled) is stale: do nothing.
        // The job key holds the due time in whole seconds (SchedulePlanner), so compare at that precision.
        if (notice.State is not (NoticeState.Published or NoticeState.InProgress)
            || notice.ActionDeadline is not { } deadline
            || (deadline - offset).ToUnixTimeSeconds() != due.ToUnixTimeSeconds()
            || !notice.Reminders.Contains(offset))
        {
            return;
        }

        var answered = await Readiness.SettledChannelsAsync(store, notice.Id, ct);
        var broken = (await store.ListSubscriptionsAsync(null, ct)).Where(s => s.IsBroken).Select(s => s.Address.Key).ToHashSet(StringComparer.Ordinal);
        var channels = (await engine.BroadcastChannelsAsync(notice.Id, ct)).Where(c => !answered.Contains(c) && !broken.Contains(c));
        var discriminator = $"{(long)offset.TotalMinutes}|{due.ToUnixTimeSeconds()}";
        await engine.ReserveAndEnqueueAsync(notice, DeliveryKind.Reminder, discriminator, channels, ct);
    }

    /// <summary>Moves a published notice to in-progress or completed when its window says so, and tells
    /// every channel it was delivered to in the notice's thread.</summary>
    public async Task ApplyScheduledStateAsync(Notice notice, CancellationToken ct = default)
    {
        var target = NoticeLifecycle.ScheduledState(notice, time.GetUtcNow());
        if (target == notice.State || !NoticeLifecycle.CanMove(notice.State, target))
        {
            return;
        }

        var moved = NoticeLifecycle.MoveTo(notice, target) with { Revision = notice.Revision + 1 };
        // The messages telling the channels are written with the state change: saved apart, a crash between the
        // two lost them for good (the job's retry finds the notice already moved).
        var told = engine.Owed(moved, DeliveryKind.StateChange, target.ToString(), await engine.BroadcastChannelsAsync(notice.Id, ct));
        if (!await store.UpdateNoticeAndReserveAsync(moved, notice.Revision, told, ct))
        {
            return; // another instance moved it first
        }

        foreach (var observer in observers)
        {
            observer.NoticeChanged(moved);
        }

        engine.EnqueueDispatch(notice.Id);
        await scheduler.SyncAsync(moved, ct);
    }

    /// <summary>Resumes deliveries left pending (for longer than <see cref="ResumeAfter"/>) and re-applies
    /// every active notice's plan. A recurring job: every minute, on one instance.</summary>
    public Task SweepAsync(CancellationToken ct = default) => SweepAsync(everything: false, ct);

    /// <summary>The start-up sweep: resumes whatever was pending when a process died, however young.
    /// Overlap with a live worker on another instance is safe: sending holds the notice's lock.</summary>
    public Task ResumeAllAsync(CancellationToken ct = default) => SweepAsync(everything: true, ct);

    /// <summary>Hands every notice with deliveries pending for longer than <see cref="ResumeAfter"/> to a
    /// worker; run by <see cref="StaleDeliveryWatch"/> on every instance between sweeps.</summary>
    public Task ResumeStaleAsync(CancellationToken ct = default) => ResumePendingAsync(time.GetUtcNow() - ResumeAfter, ct);

    private async Task ResumePendingAsync(DateTimeOffset createdBefore, CancellationToken ct)
    {
        var stale = await store.ListPendingDeliveriesAsync(createdBefore, 10_000, ct);
        // Watch alerts are resumed by the watch job (Watches/WatchAlerts.cs), not by a notice dispatch.
        foreach (var noticeId in stale.Where(d => d.Kind != DeliveryKind.WatchAlert).Select(d => d.NoticeId).Distinct(StringComparer.Ordinal))
        {
            engine.EnqueueDispatch(noticeId);
        }
    }

    private async Task SweepAsync(bool everything, CancellationToken ct)
    {
        await ResumePendingAsync(everything ? time.GetUtcNow() : time.GetUtcNow() - ResumeAfter, ct);
        foreach (var notice in await store.ListNoticesAsync(ct))
        {
            if (notice.State is NoticeState.Published or NoticeState.InProgress)
            {
                await ApplyScheduledStateAsync(notice, ct);
                var current = await store.GetNoticeAsync(notice.Id, ct) ?? notice;
                await scheduler.SyncAsync(current, ct);
            }
        }
    }
}
