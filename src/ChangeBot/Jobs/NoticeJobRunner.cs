using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Scheduling;
using Hangfire;

namespace ChangeBot.Jobs;

/// <summary>
/// What Hangfire runs. Sending for one notice is serialized across every instance with <see cref="IDispatchLock"/>;
/// the ledger makes each send happen once even when a job runs twice.
/// </summary>
public sealed class NoticeJobRunner(DeliveryEngine engine, NoticeJobs jobs, IDispatchLock dispatchLock)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(1);

    [AutomaticRetry(Attempts = 3)]
    public async Task DispatchAsync(string noticeId, CancellationToken ct)
    {
        // Null: another worker is sending this notice right now; it (or the sweep) will take what we would have.
        await using var held = await dispatchLock.TryAcquireAsync(noticeId, LockWait, ct);
        if (held is not null)
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
