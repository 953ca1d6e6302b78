using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChangeBot.Testing.Checks;

/// <summary>Loopback endpoints that are not TLS servers: one that answers in plain text, one that
/// accepts and never says anything, and a port nothing listens on. Each records who connected.</summary>
public sealed class TestListener : IDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TcpClient> _held = [];
    private readonly List<IPEndPoint> _remotes = [];
    private readonly CancellationTokenSource _stop = new();

    private TestListener(string? reply, bool alsoIPv6)
    {
        var v4 = new TcpListener(IPAddress.Loopback, 0);
        v4.Start();
        _listeners.Add(v4);
        if (alsoIPv6)
        {
            var v6 = new TcpListener(IPAddress.IPv6Loopback, Port);
            v6.Start();
            _listeners.Add(v6);
        }

        foreach (var listener in _listeners)
        {
            _ = Task.Run(() => AcceptLoopAsync(listener, reply));
        }
    }

    public int Port => ((IPEndPoint)_listeners[0].LocalEndpoint).Port;

    /// <summary>Completes when the first connection has been accepted.</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Remote ends of the connections accepted so far, in order.</summary>
    public IReadOnlyList<IPEndPoint> Remotes { get { lock (_remotes) { return [.. _remotes]; } } }

    /// <summary>Answers every connection like an old HTTP server would, then hangs up.</summary>
    public static TestListener PlainText(bool alsoIPv6 = false) => new("HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n", alsoIPv6);

    /// <summary>Accepts connections and keeps them open without sending a byte; on 127.0.0.1 and,
    /// when asked, on [::1] with the same port.</summary>
    public static TestListener Silent(bool alsoIPv6 = false) => new(null, alsoIPv6);

    /// <summary>A loopback port that was free a moment ago and has nothing listening now.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Proves nobody connected before now: connects itself and checks that its own connection
    /// is the first one accepted (connections queue in arrival order).</summary>
    public async Task<bool> NobodyConnectedBeforeAsync(CancellationToken ct)
    {
        using var probe = new TcpClient();
        await probe.ConnectAsync(IPAddress.Loopback, Port, ct);
        await Accepted.WaitAsync(ct);
        var first = Remotes[0];
        return first.Port == ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listeners.ForEach(l => l.Stop());
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, string? reply)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_remotes)
            {
                _remotes.Add((IPEndPoint)client.Client.RemoteEndPoint!);
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
                await ReplyAndCloseAsync(client, reply);
            }

            _accepted.TrySetResult();
        }
    }

    private static async Task ReplyAndCloseAsync(TcpClient client, string reply)
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
}
