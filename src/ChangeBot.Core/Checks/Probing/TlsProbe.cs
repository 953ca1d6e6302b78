using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Checks;

/// <summary>What the server presented: the address that answered, TLS version and cipher, and exactly
/// the certificates it sent (leaf first, then the rest in the order sent).</summary>
internal sealed record ProbeResult(IPAddress Address, TlsInfo Tls, IReadOnlyList<X509Certificate2> Sent);

/// <summary>
/// Connects to already-resolved addresses (never a second DNS lookup, so a vetted address cannot be
/// swapped by rebinding) and runs a TLS handshake with SNI = host name, accepting any certificate:
/// judging it is the evaluator's job.
/// </summary>
/// <remarks>
/// Capturing the sent chain: the <see cref="X509Chain"/> handed to the validation callback has been
/// rebuilt by the platform (it may contain intermediates from the machine's stores and AIA cache), so
/// its elements are not used. On Linux SslStream fills <c>chain.ChainPolicy.ExtraStore</c> with
/// exactly the peer's certificate list as received (OpenSSL's SSL_get_peer_cert_chain: leaf first,
/// in wire order, unrelated extras included); that is what we copy. Tests serve chains in odd orders
/// with extras and assert the copy is exact. The handshake's own chain build has downloads disabled,
/// so no AIA fetch happens during the check either.
/// </remarks>
internal static class TlsProbe
{
    public static async Task<(ProbeResult? Result, CheckProblem? Failure)> RunAsync(
        CheckTarget target, IReadOnlyList<IPAddress> addresses, CancellationToken ct)
    {
        CheckProblem? failure = null;
        foreach (var address in addresses)
        {
            Socket socket;
            try
            {
                socket = await ConnectAsync(address, target.Port, ct);
            }
            catch (SocketException e)
            {
                failure = new(ProblemCodes.ConnectionFailed, $"Could not connect to {Endpoint(address, target.Port)}: {Reason(e)}.");
                continue; // the next address of the host may answer
            }

            return await HandshakeAsync(target, address, socket, ct);
        }

        return (null, failure ?? new(ProblemCodes.ConnectionFailed, $"{target} has no address to connect to."));
    }

    private static async Task<Socket> ConnectAsync(IPAddress address, int port, CancellationToken ct)
    {
        // ::ffff:a.b.c.d is an IPv4 destination; an IPv6-only socket could not reach it.
        var destination = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(destination, port), ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<(ProbeResult?, CheckProblem?)> HandshakeAsync(
        CheckTarget target, IPAddress address, Socket socket, CancellationToken ct)
    {
        var sent = new List<X509Certificate2>();
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = target.Host,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // SslStream builds a chain before calling back; ours is discarded, so make it cheap (no system
            // store search) and keep it off the network (no AIA download).
            CertificateChainPolicy = new X509ChainPolicy
            {
                DisableCertificateDownloads = true,
                RevocationMode = X509RevocationMode.NoCheck,
                TrustMode = X509ChainTrustMode.CustomRootTrust,
            },
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                Capture(certificate, chain, sent);
                return true;
            },
        };

        await using var stream = new NetworkStream(socket, ownsSocket: true);
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            if (await StartTlsSpeakers.NegotiateAsync(target.StartTls, stream, ct) is { } declined)
            {
                return (null, new(ProblemCodes.HandshakeFailed, $"{Endpoint(address, target.Port)} did not start TLS: {declined}."));
            }

            await tls.AuthenticateAsClientAsync(options, ct);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            return (null, new(ProblemCodes.HandshakeFailed,
                $"The TLS handshake with {Endpoint(address, target.Port)} failed: {Innermost(e)}"));
        }

        if (sent.Count == 0)
        {
            return (null, new(ProblemCodes.HandshakeFailed, $"{Endpoint(address, target.Port)} presented no certificate."));
        }

        if (PresentedLimits.Refusal(sent, address, target.Port) is { } refused)
        {
            sent.ForEach(c => c.Dispose());
            return (null, refused);
        }

        var info = new TlsInfo(Version(tls.SslProtocol), tls.NegotiatedCipherSuite.ToString());
        return (new ProbeResult(address, info, sent), null);
    }

    private static void Capture(X509Certificate? certificate, X509Chain? chain, List<X509Certificate2> sent)
    {
        sent.Clear();
        var extra = chain?.ChainPolicy.ExtraStore ?? [];
        sent.AddRange(extra.Select(c => X509CertificateLoader.LoadCertificate(c.RawData)));
        if (certificate is not null && (sent.Count == 0 || !sent[0].RawData.AsSpan().SequenceEqual(certificate.GetRawCertData())))
        {
            // Platforms that do not list the leaf among the peer's certificates: it is always sent first.
            sent.RemoveAll(c => c.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()));
            sent.Insert(0, X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        }
    }

    private static string Version(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039 // named only to report a server that still negotiates them
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039
        _ => protocol.ToString(),
    };

    internal static string Endpoint(IPAddress address, int port) => new IPEndPoint(address, port).ToString();

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "the connection was refused (nothing listens on that port)",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "the host is unreachable",
        _ => e.Message,
    };

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
