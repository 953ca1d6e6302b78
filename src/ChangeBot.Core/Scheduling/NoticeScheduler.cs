using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Scheduling;

/// <summary>Applies <see cref="SchedulePlanner"/>'s plan: deletes jobs that fell out of it and schedules the
/// new ones, recording job ids so a later change touches exactly the right jobs.</summary>
public sealed class NoticeScheduler(IScheduledJobStore store, IJobScheduler jobs, TimeProvider time)
{
    public async Task SyncAsync(Notice notice, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var plan = SchedulePlanner.Plan(notice, now).ToDictionary(j => j.Key);
        var existing = await store.ListScheduledJobsAsync(notice.Id, ct);
        // A job whose time has come is out of the plan (the planner drops past instants) but not stale:
        // Hangfire is about to run it, and the job itself ignores a plan that has changed since.
        foreach (var stale in existing.Where(e => !plan.ContainsKey(e.Key) && e.DueAt > now))
        {
            jobs.Delete(stale.JobId);
            await store.RemoveScheduledJobAsync(stale.Key, ct);
        }

        var known = existing.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var job in plan.Values.Where(j => !known.Contains(j.Key)))
        {
            var jobId = jobs.Schedule(job);
            await store.UpsertScheduledJobAsync(new ScheduledJob(job.Key, notice.Id, jobId, job.DueAt), ct);
        }
    }
}
