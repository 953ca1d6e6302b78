using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.Checks;

/// <summary>The server's chat checks as wired by <c>AddChecks</c>, configured the way an operator would.</summary>
public sealed class ChecksRegistrationTests
{
    [Fact]
    public async Task ChatChecks_OnDefaults_RefuseLoopbackAndPortsOutsideTheDefaults()
    {
        using var listener = TestListener.Silent();
        await using var app = new ChangeBotApp();
        var checks = app.Services.GetRequiredService<IChatChecks>();
        var ct = TestContext.Current.CancellationToken;

        var loopback = await checks.CheckAsync("127.0.0.1:8443", null, "slack:U1", ct);
        var otherPort = await checks.CheckAsync($"127.0.0.1:{listener.Port}", null, "slack:U1", ct);

        Assert.Contains("loopback", loopback.Text, StringComparison.Ordinal);
        // Customers get plain words; the setting that widens the guard is the operator's, named in the log.
        Assert.Contains("cannot be checked from here", otherPort.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Checks:AllowedPorts", otherPort.Text, StringComparison.Ordinal);
        Assert.True(await listener.NobodyConnectedBeforeAsync(ct));
    }

    [Theory]
    [InlineData("comma-separated")]
    [InlineData("indexed")]
    public async Task ChatChecks_WithLoopbackAllowed_CheckTheEndpoint(string style)
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        var settings = style == "indexed"
            ? new Dictionary<string, string?>
            {
                ["Checks:AllowedNetworks:0"] = "10.0.0.0/8",
                ["Checks:AllowedNetworks:1"] = "127.0.0.0/8",
                ["Checks:AllowedPorts:0"] = "443",
                ["Checks:AllowedPorts:1"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }
            : new Dictionary<string, string?>
            {
                ["Checks:AllowedNetworks"] = "10.0.0.0/8, 127.0.0.0/8",
                ["Checks:AllowedPorts"] = $"443,{server.Port}",
            };
        await using var app = new ChangeBotApp(settings);
        var checks = app.Services.GetRequiredService<IChatChecks>();

        var reply = await checks.CheckAsync($"localhost:{server.Port}", null, "slack:U1", TestContext.Current.CancellationToken);

        Assert.StartsWith("Action required: your trust store does not contain", reply.Text, StringComparison.Ordinal);
        Assert.Equal(2, reply.Sections.Count(s => s.Heading.StartsWith("Certificate", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Checks:AllowedNetworks", "10.0.0.0/33")]
    [InlineData("Checks:AllowedNetworks", "intranet")]
    [InlineData("Checks:AllowedPorts", "https")]
    [InlineData("Checks:AllowedPorts", "70000")]
    public void Startup_WrongChecksSetting_FailsNamingIt(string key, string value)
    {
        using var app = new ChangeBotApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains($"{key} entry '{value}'", validation.Message, StringComparison.Ordinal);
    }
}
