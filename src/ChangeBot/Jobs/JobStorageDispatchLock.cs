using ChangeBot.Core.Scheduling;
using Hangfire;
using Hangfire.Storage;

namespace ChangeBot.Jobs;

/// <summary>
/// The embedded default (LiteDB): one process owns the data directory, and Hangfire's SQLite storage lock
/// serializes its workers.
/// </summary>
internal sealed class JobStorageDispatchLock(JobStorage storage) : IDispatchLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string noticeId, TimeSpan wait, CancellationToken ct)
    {
        var connection = storage.GetConnection();
        try
        {
            var handle = connection.AcquireDistributedLock($"changebot:dispatch:{noticeId}", wait);
            return Task.FromResult<IAsyncDisposable?>(new Held(handle, connection));
        }
        catch (DistributedLockTimeoutException)
        {
            connection.Dispose();
            return Task.FromResult<IAsyncDisposable?>(null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(IDisposable handle, IStorageConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            handle.Dispose();
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
