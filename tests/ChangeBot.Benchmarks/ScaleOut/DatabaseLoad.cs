using System.Diagnostics;
using Npgsql;

namespace ChangeBot.Benchmarks.ScaleOut;

/// <summary>
/// What the database did for one database between two snapshots: the time its backends spent executing
/// statements (<c>pg_stat_database.active_time</c>, which backends publish within about 10 s of going idle, so
/// callers let them idle before each snapshot) and the CPU time of the backends serving it (from /proc, by the
/// pids in <c>pg_stat_activity</c>; a backend that started and ended between snapshots is missed, which here is
/// only the short-lived dispatch-lock connections).
/// </summary>
internal sealed record DatabaseLoad(double ActiveMilliseconds, long Commits, IReadOnlyDictionary<int, TimeSpan> BackendCpu)
{
    /// <summary>How long an idle backend may keep its statistics before publishing them (PGSTAT_IDLE_INTERVAL, 10 s).</summary>
    public static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(11);

    public static async Task<DatabaseLoad> SnapshotAsync(string serverConnectionString, string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        double active;
        long commits;
        await using (var stats = new NpgsqlCommand("SELECT active_time, xact_commit FROM pg_stat_database WHERE datname = $1", connection))
        {
            stats.Parameters.Add(new NpgsqlParameter { Value = database });
            await using var reader = await stats.ExecuteReaderAsync();
            await reader.ReadAsync();
            (active, commits) = (reader.GetDouble(0), reader.GetInt64(1));
        }

        var cpu = new Dictionary<int, TimeSpan>();
        await using (var backends = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection))
        {
            backends.Parameters.Add(new NpgsqlParameter { Value = database });
            await using var reader = await backends.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var pid = reader.GetInt32(0);
                if (CpuOf(pid) is { } time)
                {
                    cpu[pid] = time;
                }
            }
        }

        return new DatabaseLoad(active, commits, cpu);
    }

    /// <summary>CPU the backends alive now used since <paramref name="before"/> (all of it for backends that are new).</summary>
    public TimeSpan CpuSince(DatabaseLoad before) =>
        BackendCpu.Aggregate(TimeSpan.Zero, (sum, b) => sum + b.Value - before.BackendCpu.GetValueOrDefault(b.Key));

    private static TimeSpan? CpuOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null; // not on this machine, or gone
        }
    }
}
