using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChangeBot.Testing.Postgres;

/// <summary>
/// A PostgreSQL cluster in a temp folder on a free loopback port, for machines without a configured server.
/// PostgreSQL refuses to run as root, so as root every binary runs as the <c>postgres</c> user (Debian's package
/// creates it). Durability is switched off: the cluster lives as long as the test process.
/// </summary>
public sealed class ThrowawayCluster : IDisposable
{
    public const string BinariesGlob = "/usr/lib/postgresql/*/bin";

    private const string Prefix = "changebot-pg-";

    /// <summary>The id of the process the cluster belongs to, so a later run can stop it if that process was killed.</summary>
    private const string OwnerFile = "owner.pid";

    private readonly string _bin;
    private readonly string _root;
    private int _port;

    private ThrowawayCluster(string bin, string root)
    {
        _bin = bin;
        _root = root;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=60";

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> holding initdb, pg_ctl and postgres, or null.</summary>
    public static string? FindBinaries()
    {
        const string parent = "/usr/lib/postgresql";
        if (!Directory.Exists(parent))
        {
            return null;
        }

        return Directory.GetDirectories(parent)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(c => new[] { "initdb", "pg_ctl", "postgres" }.All(tool => File.Exists(Path.Combine(c.Dir, tool))))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Dir)
            .FirstOrDefault();
    }

    public static async Task<ThrowawayCluster> StartAsync(string bin)
    {
        await StopOrphansAsync(bin);
        var root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres:postgres", root);
        }

        var cluster = new ThrowawayCluster(bin, root);
        try
        {
            await cluster.RunToolAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
            // The port was free a moment ago; another process may take it first, so try a few.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await cluster.StartServerAsync(FreePort());
                    return cluster;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            RunToolAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Not running (start failed): nothing to stop.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Stops clusters whose test process died without its exit handler (killed, crashed).</summary>
    private static async Task StopOrphansAsync(string bin)
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var owner = Path.Combine(root, OwnerFile);
            if (File.Exists(owner) && int.TryParse(await File.ReadAllTextAsync(owner), CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                new ThrowawayCluster(bin, root).Dispose();
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task StartServerAsync(int port)
    {
        var options = $"-c listen_addresses=127.0.0.1 -p {port} -k {_root} -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off -c max_connections=300";
        await RunToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, "log"), "-w", "-t", "60", "-o", options, "start");
        _port = port;
    }

    private Task RunToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}".Trim());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
