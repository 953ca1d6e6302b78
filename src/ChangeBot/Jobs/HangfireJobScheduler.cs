using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Scheduling;
using Hangfire;

namespace ChangeBot.Jobs;

/// <summary>The core's job port on Hangfire. Job arguments are ids only; the work lives in the core.</summary>
internal sealed class HangfireJobScheduler(IBackgroundJobClient client) : IJobScheduler
{
    public string Schedule(PlannedJob job) =>
        client.Schedule<NoticeJobRunner>(r => r.RunPlannedAsync(job.NoticeId, job.Key, CancellationToken.None), job.DueAt);

    public void Delete(string jobId) => client.Delete(jobId);

    public void EnqueueDispatch(string noticeId) =>
        client.Enqueue<NoticeJobRunner>(r => r.DispatchAsync(noticeId, CancellationToken.None));
}
