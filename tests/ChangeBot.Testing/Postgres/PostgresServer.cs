namespace ChangeBot.Testing.Postgres;

/// <summary>
/// The PostgreSQL server tests and benchmarks use: the one in <c>ConnectionStrings__Postgres</c> when set (CI's,
/// started by .ci/run), or else a throwaway cluster started once per process from the PostgreSQL binaries on this
/// machine. Callers get a fresh database each through <see cref="ScratchDatabase"/>.
/// </summary>
public static class PostgresServer
{
    public const string ConnectionStringVariable = "ConnectionStrings__Postgres";

    private static readonly Lazy<Task<Availability>> Server = new(StartAsync);

    /// <summary>A connection string to the server's maintenance database, or why there is none.</summary>
    public static Task<Availability> GetAsync() => Server.Value;

    private static async Task<Availability> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Availability(configured, null);
        }

        var binaries = ThrowawayCluster.FindBinaries();
        if (binaries is null)
        {
            return new Availability(null,
                $"PostgreSQL is not reachable: {ConnectionStringVariable} is not set and no PostgreSQL binaries are under {ThrowawayCluster.BinariesGlob} " +
                "(apt-get install postgresql, or run .ci/run)");
        }

        try
        {
            var cluster = await ThrowawayCluster.StartAsync(binaries);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
            return new Availability(cluster.ConnectionString, null);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return new Availability(null, $"Could not start a throwaway PostgreSQL from {binaries}: {e.Message}");
        }
    }

    /// <summary>Either a connection string or the reason there is none.</summary>
    public sealed record Availability(string? ConnectionString, string? Reason)
    {
        public bool IsAvailable => ConnectionString is not null;
    }
}
