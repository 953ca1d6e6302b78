namespace ChangeBot.Core.Scheduling;

/// <summary>
/// The core's view of the job system (Hangfire in the host). Jobs carry ids only and call back into
/// <see cref="DeliveryEngine"/>; every job is idempotent, so a re-run or a stale job does no harm.
/// </summary>
public interface IJobScheduler
{
    /// <summary>Schedules <paramref name="job"/> at its due time; returns the job system's id.</summary>
    string Schedule(PlannedJob job);

    /// <summary>Deletes a scheduled job; deleting one that already ran or is gone is fine.</summary>
    void Delete(string jobId);

    /// <summary>Sends the notice's pending deliveries soon, on a worker.</summary>
    void EnqueueDispatch(string noticeId);
}
