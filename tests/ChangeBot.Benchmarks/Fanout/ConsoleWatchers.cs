using System.Diagnostics;
using System.Globalization;
using System.Net;
using ChangeBot.Testing.SupportConsole;

namespace ChangeBot.Benchmarks.Fanout;

/// <summary>What the watchers of one broadcast saw: progress events in all, and when (a <see cref="Stopwatch"/>
/// timestamp: the monotonic clock, the same in a child process on Linux) the last of the streams had its response
/// headers, i.e. when the server had taken them all on.</summary>
internal sealed record WatchResult(int ProgressEvents, long LastOpened);

/// <summary>
/// N console clients, each signed in through the loopback OpenID Connect provider with its own cookie, that open the
/// progress stream of a notice on request and read it to its end. Either inside the benchmark's process (the first
/// harness: their HTTP clients shared the server's cores and counted in its CPU) or in a child process
/// (<see cref="ChildProcessWatchers"/>), so that the server's process CPU is the server's alone.
/// </summary>
internal abstract class ConsoleWatchers : IAsyncDisposable
{
    public abstract int Count { get; }

    /// <summary>CPU used by the clients so far, if they run in their own process; zero in-process (it is in the
    /// server's process then, and cannot be told apart).</summary>
    public abstract TimeSpan ClientCpu { get; }

    /// <summary>Opens the <see cref="Count"/> streams of <paramref name="noticeId"/> at once and completes when
    /// all have ended.</summary>
    public abstract Task<WatchResult> WatchAsync(string noticeId, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>Reads one progress stream to its end; answers how many progress events came and when its
    /// headers did.</summary>
    internal static async Task<(int Events, long Opened)> ReadStreamAsync(HttpClient client, string noticeId, CancellationToken ct)
    {
        using var response = await client.GetAsync($"/console/notices/{noticeId}/progress?handler=stream", HttpCompletionOption.ResponseHeadersRead, ct);
        var opened = Stopwatch.GetTimestamp();
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidOperationException($"progress stream of {noticeId}: {(int)response.StatusCode} (signed out?)");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var events = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line == "event: progress")
            {
                events++;
            }
        }

        return (events, opened);
    }

    internal static async Task<WatchResult> WatchAllAsync(IReadOnlyList<HttpClient> clients, string noticeId, CancellationToken ct)
    {
        var streams = await Task.WhenAll(clients.Select(c => ReadStreamAsync(c, noticeId, ct)));
        return new WatchResult(streams.Sum(s => s.Events), streams.Length == 0 ? Stopwatch.GetTimestamp() : streams.Max(s => s.Opened));
    }

    /// <summary>A console client signed in through the provider (whoever it names next), with its own cookie.</summary>
    internal static async Task<HttpClient> SignedInAsync(string baseUrl)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        (await ConsoleSignIn.SignInAsync(client)).Page.Dispose();
        return client;
    }
}

/// <summary>The clients in the benchmark's own process (<c>--watchers-in-process</c>; the harness before the child
/// process): their sign-in, connections and reading share the server's cores and count in its CPU.</summary>
internal sealed class InProcessWatchers(List<HttpClient> clients) : ConsoleWatchers
{
    public override int Count => clients.Count;

    public override TimeSpan ClientCpu => TimeSpan.Zero;

    public static async Task<InProcessWatchers> StartAsync(string baseUrl, int count)
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await SignedInAsync(baseUrl));
        }

        return new InProcessWatchers(clients);
    }

    public override Task<WatchResult> WatchAsync(string noticeId, CancellationToken ct) => WatchAllAsync(clients, noticeId, ct);

    public override ValueTask DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The clients in a child process: this benchmark's own executable run as <c>fanout-watcher BASE-URL N</c>
/// (<see cref="WatcherProcess"/>). It signs its N clients in itself (the provider signs in whoever it names next),
/// says <c>ready</c>, then per line <c>watch ID</c> on its standard input opens the N streams and, when all have
/// ended, answers <c>done ID EVENTS OPENED</c> on its standard output (OPENED: the <see cref="Stopwatch"/> timestamp of the
/// last stream's headers; on Linux that is CLOCK_MONOTONIC, the same clock in both processes). Its CPU is read from the process, so the
/// server's process CPU no longer includes the clients'. Run below the server's priority (<c>--watcher-nice</c>,
/// default 10), as a browser elsewhere would not compete for the server's cores at all; when the last stream opened
/// shows whether the streams were open while the broadcast ran.
/// </summary>
internal sealed class ChildProcessWatchers : ConsoleWatchers
{
    private readonly Process _process;
    private readonly int _count;

    private ChildProcessWatchers(Process process, int count)
    {
        _process = process;
        _count = count;
    }

    public override int Count => _count;

    public override TimeSpan ClientCpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ChildProcessWatchers> StartAsync(string baseUrl, int count, int nice, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // Run as `dotnet ChangeBot.Benchmarks.dll` rather than through the app host.
            start.ArgumentList.Add(typeof(ChildProcessWatchers).Assembly.Location);
        }

        start.ArgumentList.Add(WatcherProcess.Command);
        start.ArgumentList.Add(baseUrl);
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(start) ?? throw new InvalidOperationException("the watcher process did not start");
        var watchers = new ChildProcessWatchers(process, count);
        try
        {
            if (nice > 0)
            {
                // Linux maps these classes to nice values; BelowNormal is 10, Idle 19.
                process.PriorityClass = nice >= 19 ? ProcessPriorityClass.Idle : ProcessPriorityClass.BelowNormal;
            }

            var line = await process.StandardOutput.ReadLineAsync(ct);
            if (line != "ready")
            {
                throw new InvalidOperationException($"the watcher process said '{line}' instead of ready (exit {(process.HasExited ? process.ExitCode : -1)})");
            }
        }
        catch
        {
            await watchers.DisposeAsync();
            throw;
        }

        return watchers;
    }

    public override async Task<WatchResult> WatchAsync(string noticeId, CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync($"watch {noticeId}".AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
        var line = await _process.StandardOutput.ReadLineAsync(ct);
        var parts = line?.Split(' ');
        if (parts is not ["done", var id, var events, var opened] || id != noticeId)
        {
            throw new InvalidOperationException($"the watcher process answered '{line}' to watch {noticeId}");
        }

        return new WatchResult(int.Parse(events, CultureInfo.InvariantCulture), long.Parse(opened, CultureInfo.InvariantCulture));
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // Only the process this harness started.
                    _process.Kill();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}

/// <summary>The child side of <see cref="ChildProcessWatchers"/>: <c>fanout-watcher BASE-URL N</c>, not listed
/// among the areas.</summary>
internal static class WatcherProcess
{
    public const string Command = "fanout-watcher";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var baseUrl, var n] || !int.TryParse(n, CultureInfo.InvariantCulture, out var count))
        {
            await Console.Error.WriteLineAsync($"usage: {Command} BASE-URL N (started by fanout --console-watchers)");
            return 64;
        }

        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                clients.Add(await ConsoleWatchers.SignedInAsync(baseUrl));
            }

            Console.Out.WriteLine("ready");
            Console.Out.Flush();
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (line.Split(' ') is not ["watch", var id])
                {
                    await Console.Error.WriteLineAsync($"{Command}: unknown command '{line}'");
                    return 64;
                }

                var seen = await ConsoleWatchers.WatchAllAsync(clients, id, CancellationToken.None);
                Console.Out.WriteLine(FormattableString.Invariant($"done {id} {seen.ProgressEvents} {seen.LastOpened}"));
                Console.Out.Flush();
            }

            return 0;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
