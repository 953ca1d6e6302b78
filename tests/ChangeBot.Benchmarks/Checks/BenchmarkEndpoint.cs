using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Benchmarks.Checks;

/// <summary>An ordinary async TLS endpoint on 127.0.0.1 (SslStream, as Kestrel uses) that sends the
/// leaf and the intermediate, handshakes, and waits for the client to hang up.</summary>
internal sealed class BenchmarkEndpoint : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslStreamCertificateContext _context;
    private readonly CancellationTokenSource _stop = new();

    public BenchmarkEndpoint(BenchmarkPki pki)
    {
        _context = SslStreamCertificateContext.Create(pki.Leaf, [pki.Intermediate], offline: true);
        _listener.Start(backlog: 1024);
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, _stop.Token);
                var buffer = new byte[256];
                while (await tls.ReadAsync(buffer, _stop.Token) > 0)
                {
                    // openssl s_client may send a close_notify; read until the client hangs up.
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // clients hang up abruptly once they have the chain
            }
        }
    }
}
