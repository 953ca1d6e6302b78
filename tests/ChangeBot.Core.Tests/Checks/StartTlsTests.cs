using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>Each STARTTLS speaker against a loopback server that talks the protocol's plain-text part,
/// then serves the test chain over TLS on the same connection.</summary>
public sealed class StartTlsTests
{
    [Theory]
    [InlineData("smtp")]
    [InlineData("imap")]
    [InlineData("pop3")]
    [InlineData("ldap")]
    [InlineData("postgres")]
    public async Task Check_StartTlsEndpoint_ReachesTheChain(string scheme)
    {
        using var pki = new TestChain();
        using var server = PlainTextThenTls.Start(pki, scheme, agree: true);

        var result = await RunAsync($"{scheme}://localhost:{server.Port}", pki);

        Assert.Equal(CheckVerdict.Ok, result.Verdict);
        Assert.Equal([pki.Leaf.Sha256, pki.Intermediate.Sha256], result.Chain.Select(c => c.Sha256));
        Assert.Equal(scheme, await server.Spoken);
    }

    [Theory]
    [InlineData("smtp", "does not offer STARTTLS")]
    [InlineData("imap", "answered STARTTLS with 'c1 NO")]
    [InlineData("pop3", "answered STLS with '-ERR")]
    [InlineData("ldap", "refused StartTLS (result code 02)")]
    [InlineData("postgres", "does not accept TLS")]
    public async Task Check_ServerRefusingStartTls_IsHandshakeFailedSayingWhy(string scheme, string expected)
    {
        using var pki = new TestChain();
        using var server = PlainTextThenTls.Start(pki, scheme, agree: false);

        var result = await RunAsync($"{scheme}://localhost:{server.Port}", pki);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.HandshakeFailed, problem.Code);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp://mail.example.com", 25)]
    [InlineData("imap://mail.example.com", 143)]
    [InlineData("pop3://mail.example.com", 110)]
    [InlineData("ldap://dir.example.com", 389)]
    [InlineData("postgres://db.example.com", 5432)]
    [InlineData("smtp://mail.example.com:587", 587)]
    [InlineData("https://api.example.com", 443)]
    public void Parse_StartTlsSchemes_TakeTheirUsualPorts(string text, int port)
    {
        Assert.Equal(port, CheckTarget.Parse(text).Port);
    }

    [Fact]
    public void Parse_OtherScheme_NamesTheSupportedOnes()
    {
        Assert.False(CheckTarget.TryParse("ftp://files.example.com", out _, out var error));
        Assert.Contains("smtp://, imap://, pop3://, ldap:// and postgres://", error, StringComparison.Ordinal);
    }

    private static Task<CheckResult> RunAsync(string target, TestChain pki)
    {
        var checker = new ChainChecker(new UnrestrictedResolver(CheckRunner.Loopback), TestClock.Fake(), PlatformStores.Embedded);
        return checker.CheckAsync(new CheckRequest(CheckTarget.Parse(target))
        {
            TrustStores = [new TrustStore("roots.pem", [pki.Root.Certificate])],
            Timeout = TimeSpan.FromSeconds(10),
        }, TestContext.Current.CancellationToken);
    }

    private enum LdapResult
    {
        Success = 0,
        ProtocolError = 2,
    }

    private sealed class PlainTextThenTls : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource<string> _spoken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private PlainTextThenTls() => _listener.Start();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The protocol whose plain-text part completed before TLS.</summary>
        public Task<string> Spoken => _spoken.Task;

        public static PlainTextThenTls Start(TestChain pki, string scheme, bool agree)
        {
            var server = new PlainTextThenTls();
            _ = server.ServeAsync(pki, scheme, agree);
            return server;
        }

        private async Task ServeAsync(TestChain pki, string scheme, bool agree)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var started = scheme switch
                {
                    "smtp" => await SmtpAsync(stream, agree),
                    "imap" => await ImapAsync(stream, agree),
                    "pop3" => await Pop3Async(stream, agree),
                    "ldap" => await LdapAsync(stream, agree),
                    _ => await PostgresAsync(stream, agree),
                };
                if (!started)
                {
                    return;
                }

                _spoken.TrySetResult(scheme);
                using var leaf = pki.Leaf.Certificate.CopyWithPrivateKey((System.Security.Cryptography.RSA)pki.Leaf.Key);
                await using var tls = new SslStream(stream);
                var context = SslStreamCertificateContext.Create(leaf, [pki.Intermediate.Certificate], offline: true);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context });
                _ = await tls.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // the client hangs up once it has the chain
            }
        }

        private static async Task<bool> SmtpAsync(NetworkStream stream, bool agree)
        {
            await Write(stream, "220-mail.test ESMTP\r\n220 ready\r\n");
            await ExpectLine(stream, "EHLO ");
            await Write(stream, agree ? "250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n" : "250-mail.test\r\n250 PIPELINING\r\n");
            if (!agree)
            {
                return false;
            }

            await ExpectLine(stream, "STARTTLS");
            await Write(stream, "220 go ahead\r\n");
            return true;
        }

        private static async Task<bool> ImapAsync(NetworkStream stream, bool agree)
        {
            await Write(stream, "* OK IMAP4rev2 ready\r\n");
            var tag = (await ExpectLine(stream, "")).Split(' ')[0];
            await Write(stream, agree ? $"{tag} OK begin TLS\r\n" : $"{tag} NO not now\r\n");
            return agree;
        }

        private static async Task<bool> Pop3Async(NetworkStream stream, bool agree)
        {
            await Write(stream, "+OK POP3 ready\r\n");
            await ExpectLine(stream, "STLS");
            await Write(stream, agree ? "+OK begin TLS\r\n" : "-ERR not now\r\n");
            return agree;
        }

        private static async Task<bool> LdapAsync(NetworkStream stream, bool agree)
        {
            var request = new byte[31];
            await stream.ReadExactlyAsync(request);
            var op = new AsnReader(request, AsnEncodingRules.BER).ReadSequence();
            var id = op.ReadInteger();
            var name = op.ReadSequence(new Asn1Tag(TagClass.Application, 23, true)).ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
            Assert.Equal("1.3.6.1.4.1.1466.20037", Encoding.ASCII.GetString(name));
            var response = new AsnWriter(AsnEncodingRules.DER);
            using (response.PushSequence())
            {
                response.WriteInteger(id);
                using (response.PushSequence(new Asn1Tag(TagClass.Application, 24, true)))
                {
                    response.WriteEnumeratedValue(agree ? LdapResult.Success : LdapResult.ProtocolError);
                    response.WriteOctetString([]);
                    response.WriteOctetString([]);
                }
            }

            await stream.WriteAsync(response.Encode());
            return agree;
        }

        private static async Task<bool> PostgresAsync(NetworkStream stream, bool agree)
        {
            var request = new byte[8];
            await stream.ReadExactlyAsync(request);
            Assert.Equal((8, 80877103), (BinaryPrimitives.ReadInt32BigEndian(request), BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(4))));
            await stream.WriteAsync(new[] { (byte)(agree ? 'S' : 'N') });
            return agree;
        }

        private static async Task<string> ExpectLine(NetworkStream stream, string prefix)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
            {
                line.Append((char)one[0]);
            }

            var text = line.ToString().TrimEnd('\r');
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text : throw new IOException($"expected '{prefix}', got '{text}'");
        }

        private static Task Write(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

        public void Dispose() => _listener.Stop();
    }
}
