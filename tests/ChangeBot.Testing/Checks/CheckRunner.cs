using System.Net;
using ChangeBot.Core.Checks;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Testing.Checks;

/// <summary>Runs the engine as the CLI does (no guard) against a loopback port, on a fake clock pinned
/// to <see cref="TestClock.Now"/> so certificate dates are exact.</summary>
public static class CheckRunner
{
    /// <summary>"localhost" resolves to 127.0.0.1 only, where the test servers listen.</summary>
    public static readonly HostLookup Loopback = (host, _) => Task.FromResult(
        host == "localhost" ? new[] { IPAddress.Loopback } : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));

    public static Task<CheckResult> RunAsync(int port, IEnumerable<TestCertificate>? trusted = null, string host = "localhost",
        NoticeChain? notice = null, FakeTimeProvider? time = null, TimeSpan? timeout = null)
    {
        var stores = trusted is null ? [] : new[] { new TrustStore("roots.pem", [.. trusted.Select(t => t.Certificate)]) };
        return RunAsync(port, stores, host, notice, time, timeout);
    }

    public static Task<CheckResult> RunAsync(int port, IReadOnlyList<TrustStore> stores, string host = "localhost",
        NoticeChain? notice = null, FakeTimeProvider? time = null, TimeSpan? timeout = null)
    {
        var checker = new ChainChecker(new UnrestrictedResolver(Loopback), time ?? TestClock.Fake(), PlatformStores.Embedded);
        var request = new CheckRequest(CheckTarget.Parse($"{host}:{port}"))
        {
            TrustStores = stores,
            Notice = notice,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        return checker.CheckAsync(request, TestContext.Current.CancellationToken);
    }

    public static IReadOnlyList<string> Codes(this CheckResult result) => [.. result.Problems.Select(p => p.Code)];
}
