using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace ChangeBot.Testing.Checks;

/// <summary>
/// A real TLS server on a loopback port that sends exactly the certificate list it is given, in that
/// order: missing intermediates, shuffled chains and unrelated extras included. .NET's own SslStream
/// server cannot do that (it rebuilds and trims the chain), so this one is BouncyCastle's TLS stack.
/// Each connection runs on its own thread; the server records the SNI names clients sent.
/// </summary>
public sealed class TestTlsServer : IDisposable
{
    private readonly TcpListener _listener;
    private volatile Served _served;
    private readonly List<string?> _serverNames = [];
    private readonly CancellationTokenSource _stop = new();

    private TestTlsServer(TestCertificate leaf, IEnumerable<TestCertificate> others, IPAddress address)
    {
        _served = new Served(leaf, [leaf.Certificate.RawData, .. others.Select(c => c.Certificate.RawData)]);
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The SNI host name of each handshake so far (null when a client sent none).</summary>
    public IReadOnlyList<string?> ServerNames { get { lock (_serverNames) { return [.. _serverNames]; } } }

    /// <summary>Serves <paramref name="leaf"/> followed by exactly <paramref name="others"/>.</summary>
    public static TestTlsServer Start(TestCertificate leaf, IEnumerable<TestCertificate> others, IPAddress? address = null) =>
        new(leaf, others, address ?? IPAddress.Loopback);

    /// <summary>From the next handshake on, serves <paramref name="leaf"/> followed by exactly <paramref name="others"/>
    /// (a vendor switching its chain).</summary>
    public void Serve(TestCertificate leaf, IEnumerable<TestCertificate> others) =>
        _served = new Served(leaf, [leaf.Certificate.RawData, .. others.Select(c => c.Certificate.RawData)]);

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
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Factory.StartNew(() => Serve(client), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    private void Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.ReceiveTimeout = 10_000;
                var protocol = new TlsServerProtocol(client.GetStream());
                var served = _served;
                var server = new ChainServer(served.Leaf, served.Sent, name => { lock (_serverNames) { _serverNames.Add(name); } });
                protocol.Accept(server);
                protocol.Close();
            }
            catch (Exception e) when (e is IOException or TlsFatalAlert or SocketException or ObjectDisposedException or TlsFatalAlertReceived)
            {
                // The client may hang up right after reading the certificates; that is fine.
            }
        }
    }

    private sealed record Served(TestCertificate Leaf, IReadOnlyList<byte[]> Sent);

    private sealed class ChainServer(TestCertificate leaf, IReadOnlyList<byte[]> sent, Action<string?> onServerName)
        : DefaultTlsServer(new BcTlsCrypto(new SecureRandom()))
    {
        private readonly AsymmetricKeyParameter _key = PrivateKeyFactory.CreateKey(leaf.Pkcs8);

        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12);

        /// <summary>TLS 1.3 suites suit any key; the TLS 1.2 one must match the leaf's key type.</summary>
        protected override int[] GetSupportedCipherSuites() =>
        [
            CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_AES_256_GCM_SHA384,
            _key is RsaKeyParameters ? CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 : CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ];

        public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
        {
            base.ProcessClientExtensions(clientExtensions);
            var names = TlsExtensionsUtilities.GetServerNameExtensionClient(clientExtensions);
            onServerName(names?.Select(n => System.Text.Encoding.ASCII.GetString(n.NameData)).FirstOrDefault());
        }

        public override TlsCredentials GetCredentials() => Signer();

        protected override TlsCredentialedSigner GetRsaSignerCredentials() => Signer();

        protected override TlsCredentialedSigner GetECDsaSignerCredentials() => Signer();

        private BcDefaultTlsCredentialedSigner Signer()
        {
            var crypto = (BcTlsCrypto)Crypto;
            var tls13 = TlsUtilities.IsTlsV13(m_context);
            var certificates = sent.Select(crypto.CreateCertificate).ToArray();
            var certificate = tls13
                ? new Certificate(TlsUtilities.EmptyBytes, [.. certificates.Select(c => new CertificateEntry(c, null))])
                : new Certificate(certificates);
            SignatureAndHashAlgorithm algorithm = _key is RsaKeyParameters
                ? SignatureAndHashAlgorithm.rsa_pss_rsae_sha256
                : SignatureAndHashAlgorithm.GetInstance(
                    ((ECPrivateKeyParameters)_key).Parameters.Curve.FieldSize > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256,
                    SignatureAlgorithm.ecdsa);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _key, certificate, algorithm);
        }
    }
}
