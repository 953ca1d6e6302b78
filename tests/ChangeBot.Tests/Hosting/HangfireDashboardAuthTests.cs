using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Hosting;

/// <summary>
/// /hangfire is for support and operators only (docs/deploy.md#health-and-logs): an API token, as Bearer or as the password of
/// Basic auth (what a browser prompts for), or the support console's sign-in (tests in SupportConsole/). A chat support id
/// typed as a password is no credential.
/// </summary>
public sealed class HangfireDashboardAuthTests
{
    public static TheoryData<string, string?> Refused => new()
    {
        { "/hangfire", null },
        { "/hangfire/jobs/enqueued", null },
        { "/Hangfire/recurring", null },
        { "/hangfire", "Bearer wrong-token-0123456789" },
        { "/hangfire", "Bearer " + ApiClient.Token + "x" },
        { "/hangfire", Basic("ops", "wrong-password") },
        // A support user's chat id is not a password.
        { "/hangfire", Basic("slack:U0SUPPORT", "slack:U0SUPPORT") },
        { "/hangfire/jobs/enqueued", Basic(ApiClient.Token, "") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Dashboard_WithoutAValidToken_Is401WithABasicChallengeAndIsLogged(string path, string? authorization)
    {
        var capture = new CapturingLoggerProvider();
        await using var app = new ChangeBotApp(
            new Dictionary<string, string?> { ["ChangeBot:ApiTokens"] = ApiClient.Token, ["ChangeBot:SupportUsers"] = "slack:U0SUPPORT" },
            services => services.AddSingleton<ILoggerProvider>(capture));
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("Hangfire", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(capture.Lines, l => l.Contains("Refused unauthenticated job dashboard request GET " + path, StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Contains(ApiClient.Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Basic")]
    public async Task Dashboard_WithTheToken_ShowsTheDashboard(string scheme)
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = scheme == "Bearer"
            ? new AuthenticationHeaderValue("Bearer", ApiClient.Token)
            : AuthenticationHeaderValue.Parse(Basic("ops", ApiClient.Token));

        using var response = await client.GetAsync("/hangfire/recurring", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The start-up sweep is registered as a recurring job: this is the real dashboard, reading job storage.
        Assert.Contains("changebot-sweep", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
