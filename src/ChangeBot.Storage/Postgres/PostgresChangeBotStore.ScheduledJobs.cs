using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Postgres;

/// <summary>The records of Hangfire jobs planned for a notice.</summary>
public sealed partial class PostgresChangeBotStore
{
    public Task UpsertScheduledJobAsync(ScheduledJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ExecuteAsync("""
            INSERT INTO scheduled_jobs (key, notice_id, due_ticks, doc) VALUES ($1, $2, $3, $4::jsonb)
            ON CONFLICT (key) DO UPDATE SET notice_id = excluded.notice_id, due_ticks = excluded.due_ticks, doc = excluded.doc
            """, ct, job.Key, job.NoticeId, Ticks(job.DueAt), StoreJson.Serialize(job));
    }

    public async Task<IReadOnlyList<ScheduledJob>> ListScheduledJobsAsync(string noticeId, CancellationToken ct = default) =>
        await QueryAsync<ScheduledJob>("SELECT doc FROM scheduled_jobs WHERE notice_id = $1 ORDER BY due_ticks, key", ct, noticeId);

    public Task RemoveScheduledJobAsync(string key, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM scheduled_jobs WHERE key = $1", ct, key);
}
