using ChangeBot.Cli;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Tests.Checks;

/// <summary>Endpoints that cannot be checked exit 2 with verdict <c>error</c>; bad usage exits 64.</summary>
public sealed class CheckCommandFailureTests
{
    [Fact]
    public async Task Check_ClosedPort_Exits2ConnectionFailed()
    {
        var run = await CliRun.RunAsync("check", $"127.0.0.1:{TestListener.ClosedPort()}", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["connection-failed"], run.Codes);
        Assert.Equal("error", run.Json.GetProperty("verdict").GetString());
        Assert.Equal(0, run.Json.GetProperty("chain").GetArrayLength());
    }

    [Fact]
    public async Task Check_NonTlsListener_Exits2HandshakeFailed()
    {
        using var listener = TestListener.PlainText();

        var run = await CliRun.RunAsync("check", $"127.0.0.1:{listener.Port}", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["handshake-failed"], run.Codes);
    }

    [Fact]
    public async Task Check_ListenerThatNeverAnswers_Exits2TimeoutAfterTheGivenTimeout()
    {
        using var listener = TestListener.Silent();

        var run = await CliRun.RunAsync("check", $"127.0.0.1:{listener.Port}", "--timeout", "0.5", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["timeout"], run.Codes);
        Assert.True(listener.Accepted.IsCompleted);
    }

    [Fact]
    public async Task Check_PlainTextError_SaysWhatFailedOnce()
    {
        var port = TestListener.ClosedPort();
        var run = await CliRun.RunAsync("check", $"127.0.0.1:{port}");

        Assert.Equal(2, run.ExitCode);
        // Not "Could not check 127.0.0.1:…: Could not connect to 127.0.0.1:…".
        Assert.Equal($"Could not connect to 127.0.0.1:{port}: the connection was refused (nothing listens on that port).",
            run.Output.Split('\n')[0].TrimEnd('\r'));
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("")]
    [InlineData("https://user@example.com")]
    public async Task Check_BadTarget_Exits64(string target)
    {
        var run = await CliRun.RunAsync("check", target);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("soon")]
    public async Task Check_BadTimeout_Exits64(string timeout)
    {
        var run = await CliRun.RunAsync("check", "localhost:1", "--timeout", timeout);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
    }

    [Fact]
    public async Task Check_NoTarget_Exits64()
    {
        var run = await CliRun.RunAsync("check");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
    }
}
