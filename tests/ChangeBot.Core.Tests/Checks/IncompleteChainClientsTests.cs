using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

/// <summary>The client table's rows for .NET and OpenSSL, held to what this machine's own do with a
/// loopback chain whose server leaves out the intermediate.</summary>
public sealed class IncompleteChainClientsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void DotNet_FetchesTheMissingIntermediateFromAia_AsTheTableSays()
    {
        using var pki = new TestChain();
        using var aia = AiaServer.Serve(pki.Intermediate.Certificate.RawData);
        using var leaf = pki.Intermediate.Leaf(["localhost"], aiaUrl: $"http://127.0.0.1:{aia.Port}/issuer.cer");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.Root.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // downloads stay at their default: on

        bool built;
        try
        {
            built = chain.Build(leaf.Certificate);
        }
        finally
        {
            // .NET on Linux caches what it downloaded in the user's CA store; leave nothing behind.
            using var cache = new X509Store(StoreName.CertificateAuthority, StoreLocation.CurrentUser);
            cache.Open(OpenFlags.ReadWrite);
            cache.Remove(pki.Intermediate.Certificate);
        }

        Assert.True(built, string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(aia.Requested.IsCompleted, "the chain was built without fetching the AIA URL");
        Assert.Equal(MissingIntermediate.Fetched, Row(".NET").Behaviour);
    }

    [Fact]
    public async Task OpenSsl_FailsWithoutTheIntermediate_AsTheTableSays()
    {
        var openssl = Prerequisite.FindOnPath("openssl");
        Prerequisite.Require(openssl is not null, "openssl is not installed");
        using var pki = new TestChain();
        using var aia = AiaServer.Serve(pki.Intermediate.Certificate.RawData);
        using var leaf = pki.Intermediate.Leaf(["localhost"], aiaUrl: $"http://127.0.0.1:{aia.Port}/issuer.cer");
        var root = TrustStoreFiles.Pem(_dir.File("root.pem"), pki.Root);
        var intermediate = TrustStoreFiles.Pem(_dir.File("intermediate.pem"), pki.Intermediate);
        var leafFile = TrustStoreFiles.Pem(_dir.File("leaf.pem"), leaf);

        var (missing, missingOutput) = await RunAsync(openssl!, "verify", "-CAfile", root, leafFile);
        var (sent, _) = await RunAsync(openssl!, "verify", "-CAfile", root, "-untrusted", intermediate, leafFile);

        Assert.NotEqual(0, missing);
        Assert.Contains("unable to get local issuer certificate", missingOutput, StringComparison.Ordinal);
        Assert.Equal(0, sent); // the control: with the intermediate it verifies
        Assert.False(aia.Requested.IsCompleted, "OpenSSL fetched the AIA URL");
        Assert.Equal(MissingIntermediate.Fails, Row("OpenSSL").Behaviour);
    }

    [Fact]
    public async Task Check_IncompleteChainWithAiaUrl_SaysWhichClientsStillConnect()
    {
        using var pki = new TestChain();
        using var leaf = pki.Intermediate.Leaf(["localhost"], aiaUrl: "http://127.0.0.1:9/issuer.cer");
        using var server = TestTlsServer.Start(leaf, []);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        var message = Assert.Single(result.Problems, p => p.Code == ProblemCodes.IncompleteChain).Message;
        Assert.Contains("still connect (Chrome and Edge, Safari and other Apple clients, .NET on Windows and Linux by default", message, StringComparison.Ordinal);
        Assert.Contains("these fail: Java unless started with -Dcom.sun.security.enableAIAcaIssuers=true, OpenSSL-based clients (curl, Python, Node.js), Go.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IncompleteChainWithoutAiaUrl_SaysEveryClientFails()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, []);

        var result = await CheckRunner.RunAsync(server.Port, [pki.Root]);

        var message = Assert.Single(result.Problems, p => p.Code == ProblemCodes.IncompleteChain).Message;
        Assert.Contains("names no AIA URL to fetch the missing one from, so every client fails", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_EveryRowCitesASource()
    {
        Assert.All(IncompleteChainClients.Families, f => Assert.StartsWith("https://", f.Source, StringComparison.Ordinal));
        Assert.Equal(["Java", "OpenSSL-based clients (curl, Python, Node.js)", "Go"],
            IncompleteChainClients.Families.Where(f => f.Behaviour == MissingIntermediate.Fails).Select(f => f.Name));
    }

    private static ClientFamily Row(string prefix) =>
        IncompleteChainClients.Families.Single(f => f.Name.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>An HTTP/1.1 server on 127.0.0.1 answering every request with one DER certificate.</summary>
    private sealed class AiaServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private AiaServer() => _listener.Start();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task Requested => _requested.Task;

        public static AiaServer Serve(byte[] der)
        {
            var server = new AiaServer();
            _ = server.AcceptAsync(der);
            return server;
        }

        private async Task AcceptAsync(byte[] der)
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    var read = 0;
                    while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal)
                        && await stream.ReadAsync(buffer.AsMemory(read)) is var n and > 0)
                    {
                        read += n;
                    }

                    _requested.TrySetResult();
                    var head = Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: {der.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head);
                    await stream.WriteAsync(der);
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or IOException)
            {
                // the listener was stopped
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
