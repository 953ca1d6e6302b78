using System.Net.Sockets;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task Check_NonTlsListener_IsHandshakeFailed()
    {
        using var listener = TestListener.PlainText();

        var result = await CheckRunner.RunAsync(listener.Port);

        Assert.Equal(CheckVerdict.Error, result.Verdict);
        Assert.Equal([ProblemCodes.HandshakeFailed], result.Codes());
        Assert.Empty(result.Chain);
        Assert.Null(result.Tls);
    }

    [Fact]
    public async Task Check_ClosedPort_IsConnectionFailed()
    {
        var result = await CheckRunner.RunAsync(TestListener.ClosedPort());

        Assert.Equal(CheckVerdict.Error, result.Verdict);
        Assert.Equal([ProblemCodes.ConnectionFailed], result.Codes());
        Assert.Contains("refused", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ListenerThatNeverAnswers_TimesOutWhenTheDeadlinePasses()
    {
        using var listener = TestListener.Silent();
        var time = TestClock.Fake();

        var check = CheckRunner.RunAsync(listener.Port, time: time, timeout: TimeSpan.FromSeconds(5));
        await listener.Accepted.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(check.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await check.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(CheckVerdict.Error, result.Verdict);
        Assert.Equal([ProblemCodes.Timeout], result.Codes());
        Assert.Contains("within 5 s", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownHostName_IsDnsFailed()
    {
        var checker = new ChainChecker(
            new UnrestrictedResolver((_, _) => throw new SocketException((int)SocketError.HostNotFound)), TestClock.Fake(), PlatformStores.Embedded);

        var result = await checker.CheckAsync(new CheckRequest(CheckTarget.Parse("no-such-host.invalid")), TestContext.Current.CancellationToken);

        Assert.Equal(CheckVerdict.Error, result.Verdict);
        Assert.Equal([ProblemCodes.DnsFailed], result.Codes());
        Assert.Null(result.Address);
    }
}
