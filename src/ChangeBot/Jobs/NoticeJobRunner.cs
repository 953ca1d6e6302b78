using ChangeBot.Core.Deliveries;
using Hangfire;
using Hangfire.Storage;

namespace ChangeBot.Jobs;

/// <summary>
/// What Hangfire runs. Sending for one notice is serialized across every instance with the job
/// storage's distributed lock; the ledger makes each send happen once even when two runs overlap.
/// </summary>
public sealed class NoticeJobRunner(DeliveryEngine engine, NoticeJobs jobs, JobStorage storage)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(1);

    [AutomaticRetry(Attempts = 3)]
    public async Task DispatchAsync(string noticeId, CancellationToken ct)
    {
        using var connection = storage.GetConnection();
        IDisposable handle;
        try
        {
            handle = connection.AcquireDistributedLock($"changebot:dispatch:{noticeId}", LockWait);
        }
        catch (DistributedLockTimeoutException)
        {
            // Another worker is sending this notice right now; it (or the sweep) will take what we would have.
            return;
        }

        using (handle)
        {
            await engine.DispatchAsync(noticeId, ct);
        }
    }

    [AutomaticRetry(Attempts = 3)]
    public Task RunPlannedAsync(string noticeId, string jobKey, CancellationToken ct) => jobs.RunPlannedAsync(noticeId, jobKey, ct);

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 5)]
    public Task SweepAsync(CancellationToken ct) => jobs.SweepAsync(ct);

    /// <summary>The start-up sweep: resumes every pending delivery, however young.</summary>
    [AutomaticRetry(Attempts = 3)]
    public Task ResumeAsync(CancellationToken ct) => jobs.ResumeAllAsync(ct);
}
