using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Scheduling;
using Npgsql;

namespace ChangeBot.Storage.Postgres;

/// <summary>
/// The scale-out dispatch lock: a PostgreSQL session advisory lock on a connection of its own, held while the
/// notice is sent. The server releases it when that connection ends, so an instance that dies mid-broadcast
/// frees the notice at once and a surviving instance resumes it on its next dispatch or sweep.
/// </summary>
/// <remarks>
/// Not Hangfire.PostgreSql's distributed lock: that one is a row in <c>hangfire.lock</c> that outlives a killed
/// holder until <c>DistributedLockTimeout</c> (10 minutes by default) and is then taken over even when its
/// holder is alive but slow, so a long broadcast could be sent by two instances at once.
/// </remarks>
public sealed class PostgresDispatchLock(string connectionString, TimeProvider time) : IDispatchLock
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);

    // Not pooled: closing the connection must end the session, and with it the lock.
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>The 64-bit advisory lock key of a notice: the first 8 bytes of a SHA-256 of its name.</summary>
    public static long KeyOf(string noticeId) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("changebot:dispatch:" + noticeId)));

    public async Task<IAsyncDisposable?> TryAcquireAsync(string noticeId, TimeSpan wait, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // A host that vanishes without closing its connection (power, network) is noticed by the server
            // within about a minute instead of the operating system's default of hours.
            await using (var keepalive = new NpgsqlCommand("SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3", connection))
            {
                await keepalive.ExecuteNonQueryAsync(ct);
            }

            var started = time.GetTimestamp();
            while (true)
            {
                await using var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
                attempt.Parameters.Add(new NpgsqlParameter { Value = KeyOf(noticeId) });
                if (await attempt.ExecuteScalarAsync(ct) is true)
                {
                    return new Held(connection);
                }

                var left = wait - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(left < RetryEvery ? left : RetryEvery, time, ct);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Closing the session releases the lock.</summary>
    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
