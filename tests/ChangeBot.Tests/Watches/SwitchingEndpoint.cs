using System.Net;
using System.Net.Sockets;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Watches;

/// <summary>
/// One watched endpoint (a fixed loopback port) whose server a test can change between runs, as a vendor
/// renews or re-issues: it forwards each connection to the TLS server currently chosen, or drops it at once
/// when none is (the endpoint is down). The TLS servers are real (<see cref="TestTlsServer"/>).
/// </summary>
internal sealed class SwitchingEndpoint : IDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    private readonly TcpListener _listener = new(Address, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TestTlsServer> _servers = [];
    private volatile TestTlsServer? _current;

    public SwitchingEndpoint()
    {
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How the endpoint is typed in chat.</summary>
    public string Endpoint => $"{Address}:{Port}";

    /// <summary>From the next connection on, serves <paramref name="leaf"/> followed by <paramref name="others"/>.</summary>
    public void Serve(TestCertificate leaf, params TestCertificate[] others)
    {
        var server = TestTlsServer.Start(leaf, others, Address);
        lock (_servers)
        {
            _servers.Add(server);
        }

        _current = server;
    }

    /// <summary>From the next connection on, every connection is dropped before the handshake.</summary>
    public void GoDown() => _current = null;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_servers)
        {
            _servers.ForEach(s => s.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
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

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            if (_current is not { } server)
            {
                return;
            }

            using var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(Address, server.Port, _stop.Token);
                var inbound = client.GetStream();
                var outbound = backend.GetStream();
                // Either side closing ends the connection.
                await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client or the server went away: the connection ends, as it would.
            }
        }
    }
}
