using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChangeBot.Testing.Checks;

/// <summary>Loopback endpoints that are not TLS servers: one that answers in plain text, one that
/// accepts and never says anything, and a port nothing listens on.</summary>
public sealed class TestListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();

    private TestListener(string? reply)
    {
        _listener.Start();
        _ = Task.Run(() => AcceptLoopAsync(reply));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when the first connection has been accepted.</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Answers every connection like an old HTTP server would, then hangs up.</summary>
    public static TestListener PlainText() => new("HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n");

    /// <summary>Accepts connections and keeps them open without sending a byte.</summary>
    public static TestListener Silent() => new(null);

    /// <summary>A loopback port that was free a moment ago and has nothing listening now.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(string? reply)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (reply is null)
            {
                lock (_held)
                {
                    _held.Add(client);
                }
            }
            else
            {
                using (client)
                {
                    try
                    {
                        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(reply));
                    }
                    catch (IOException)
                    {
                        // the client may already have gone
                    }
                }
            }

            _accepted.TrySetResult();
        }
    }
}
