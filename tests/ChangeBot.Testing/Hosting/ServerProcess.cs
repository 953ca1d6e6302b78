using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChangeBot.Testing.Hosting;

/// <summary>
/// The real executable (changebot.dll, built next to the tests) in its own process on 127.0.0.1, for tests
/// and benchmarks that must kill it, restart it, or run two of it. Start-up is awaited on the host's own
/// "Now listening on" line and /readyz, not on a sleep.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens; with port 0 the one Kestrel picked, read from its "Now listening on" line.</summary>
    public Uri BaseAddress { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Waits until a line of the server's output contains <paramref name="text"/>; returns how many do.</summary>
    public async Task<int> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task added;
            lock (_output)
            {
                var count = _output.Count(l => l.Contains(text, StringComparison.Ordinal));
                if (count > 0)
                {
                    return count;
                }

                added = _lineAdded.Task;
            }

            try
            {
                await added.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"changebot never wrote '{text}':\n{Output}");
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "changebot.dll"), "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        info.Environment["ChangeBot__DataDirectory"] = dataDirectory;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start changebot.dll");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(ct);
        return server;
    }

    /// <summary>The server's process id (benchmarks sample its memory).</summary>
    public int ProcessId => _process.Id;

    /// <summary>CPU time the process has used so far (benchmarks measure where the time goes).</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait: the host's graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            _lineAdded.TrySetResult();
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        const string Listening = "Now listening on: ";
        if (line.IndexOf(Listening, StringComparison.Ordinal) is var at and >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + Listening.Length)..].Trim().TrimEnd('/') + "/"));
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(_listening.Task, exited);
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"changebot exited or hung before listening:\n{Output}");
        }

        BaseAddress = await _listening.Task;

        using var client = new HttpClient { BaseAddress = BaseAddress };
        using var ready = await client.GetAsync("/readyz", timeout.Token);
        if (!ready.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"changebot is listening but not ready ({(int)ready.StatusCode}):\n{Output}");
        }
    }
}
