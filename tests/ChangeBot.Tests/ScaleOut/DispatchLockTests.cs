using ChangeBot.Storage.Postgres;
using Npgsql;

namespace ChangeBot.Tests.ScaleOut;

/// <summary>The scale-out dispatch lock on a real PostgreSQL: one holder per notice, and a holder whose
/// connection dies (its process was killed) frees the notice at once.</summary>
public sealed class DispatchLockTests
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquire_HeldElsewhere_ReturnsNullUntilReleased()
    {
        using var database = await ChangeBotInstances.CreateDatabaseAsync(Ct);
        var first = new PostgresDispatchLock(database.ConnectionString, TimeProvider.System);
        var second = new PostgresDispatchLock(database.ConnectionString, TimeProvider.System);

        var held = await first.TryAcquireAsync("notice-a", NoWait, Ct);
        var contended = await second.TryAcquireAsync("notice-a", TimeSpan.FromMilliseconds(300), Ct);
        await using var other = await second.TryAcquireAsync("notice-b", NoWait, Ct);
        Assert.NotNull(held);
        Assert.Null(contended);
        Assert.NotNull(other);

        await held.DisposeAsync();
        await using var after = await second.TryAcquireAsync("notice-a", NoWait, Ct);
        Assert.NotNull(after);
    }

    [Fact]
    public async Task TryAcquire_HolderConnectionGone_FreesTheNoticeAtOnce()
    {
        using var database = await ChangeBotInstances.CreateDatabaseAsync(Ct);
        var dispatchLock = new PostgresDispatchLock(database.ConnectionString, TimeProvider.System);
        await using var held = await dispatchLock.TryAcquireAsync("notice-a", NoWait, Ct);
        Assert.NotNull(held);

        // What the server sees when the holder's process is killed: its session ends.
        await using (var admin = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await using var terminate = admin.CreateCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            Assert.Equal(true, await terminate.ExecuteScalarAsync(Ct));
        }

        await using var taken = await dispatchLock.TryAcquireAsync("notice-a", TimeSpan.FromSeconds(5), Ct);
        Assert.NotNull(taken);
    }
}
