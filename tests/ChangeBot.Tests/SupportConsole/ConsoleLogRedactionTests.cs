using System.Net;
using ChangeBot.Testing.SupportConsole;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>The provider's redirect back to the console carries a one-time code and the state in its query
/// (Hosting/LogRedaction.cs): with every ASP.NET Core log line on, neither may reach a log line.</summary>
public sealed class ConsoleLogRedactionTests
{
    [Fact]
    public async Task SignInCallback_CodeAndState_NeverReachALogLine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ConsoleHost.StartAsync(more: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:Console:LogLevel:Default"] = "Warning",
        });
        using var client = host.Browser();
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);

        var (page, callback) = await ConsoleSignIn.SignInAsync(client);
        // A replay of the same callback (the code is spent by now) is logged as a failure, also without them.
        using var replay = await client.GetAsync(callback.PathAndQuery, ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        var secrets = new[] { query["code"].ToString(), query["state"].ToString() };
        var lines = host.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("/signin-slack?code=[Redacted]&state=[Redacted]", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.True(secret.Length > 16);
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
