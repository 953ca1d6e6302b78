using ChangeBot.Core.Storage;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

public sealed partial class LiteDbChangeBotStore
{
    private ILiteCollection<BsonDocument> Jobs => _db.GetCollection("scheduled_jobs");

    public Task UpsertScheduledJobAsync(ScheduledJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ct.ThrowIfCancellationRequested();
        var jobs = Jobs;
        jobs.EnsureIndex(Columns.NoticeId);
        jobs.Upsert(new BsonDocument
        {
            [Columns.Id] = job.Key,
            [Columns.NoticeId] = job.NoticeId,
            [Columns.Json] = StoreJson.Serialize(job),
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ScheduledJob>> ListScheduledJobsAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var jobs = Jobs.Find(Query.EQ(Columns.NoticeId, noticeId))
            .Select(d => StoreJson.Deserialize<ScheduledJob>(d[Columns.Json].AsString))
            .OrderBy(j => j.DueAt).ThenBy(j => j.Key, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<ScheduledJob>>(jobs);
    }

    public Task RemoveScheduledJobAsync(string key, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Jobs.Delete(key);
        return Task.CompletedTask;
    }
}
