using ChangeBot.Core.Storage;

namespace ChangeBot.Testing.InMemory;

public sealed partial class InMemoryChangeBotStore
{
    private readonly Dictionary<string, ScheduledJob> _jobs = new(StringComparer.Ordinal);

    public Task UpsertScheduledJobAsync(ScheduledJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            _jobs[job.Key] = job;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ScheduledJob>> ListScheduledJobsAsync(string noticeId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ScheduledJob>>([.. _jobs.Values.Where(j => j.NoticeId == noticeId).OrderBy(j => j.DueAt).ThenBy(j => j.Key, StringComparer.Ordinal)]);
        }
    }

    public Task RemoveScheduledJobAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _jobs.Remove(key);
        }

        return Task.CompletedTask;
    }
}
