using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Tests.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Hosting;

/// <summary>
/// Every secret an operator configures, and a run of good and forged requests on every surface, with
/// every log line captured at Debug: none of the secrets may appear in any of them.
/// </summary>
public sealed class SecretsInLogsTests
{
    private const string SigningSecret = "log-test-signing-secret-7f3a9c2e";
    private const string BotToken = "xoxb-log-test-bot-token-5d1e8b";
    private const string ClientSecret = "log-test-client-secret-4b8e1a";
    private const string ApiToken = "log-test-api-token-9c2f6d4a1b";
    private const string AppPassword = "log-test-app-password-2e7b5c";

    [Fact]
    public async Task FullRunOfRequests_NoConfiguredSecretReachesAnyLogLine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slack = await SlackApiDouble.StartAsync();
        var capture = new CapturingLoggerProvider();
        await using var app = new ChangeBotApp(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["ChangeBot:ApiTokens"] = ApiToken,
                ["Slack:SigningSecret"] = SigningSecret,
                ["Slack:BotToken"] = BotToken,
                ["Slack:ClientId"] = "1111.2222",
                ["Slack:ClientSecret"] = ClientSecret,
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
                ["BotFramework:MicrosoftAppId"] = "00000000-0000-0000-0000-00000000abcd",
                ["BotFramework:MicrosoftAppPassword"] = AppPassword,
                ["BotFramework:MicrosoftAppType"] = "MultiTenant",
            },
            services => services.AddSingleton<ILoggerProvider>(capture));
        using var client = app.CreateClient();

        var command = Encoding.UTF8.GetBytes($"command=%2Fchangebot&text=help&user_id=U1&team_id=T1&channel_id=C1&response_url={Uri.EscapeDataString(slack.ResponseUrl("r1"))}");
        Assert.Equal(HttpStatusCode.OK, (await SlackPost(client, "/slack/commands", command, "application/x-www-form-urlencoded", SigningSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SlackPost(client, "/slack/commands", command, "application/x-www-form-urlencoded", "forged-secret-000000000000")).StatusCode);
        await slack.WaitForAsync(c => c.Method == "response_url:r1");

        using var rest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/notices");
        rest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(rest, ct)).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/notices");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged, ct)).StatusCode);
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        dashboard.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + ApiToken)));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(dashboard, ct)).StatusCode);
        var teams = await client.PostAsync("/api/messages", new StringContent("{\"type\":\"message\",\"text\":\"hi\"}", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, teams.StatusCode);

        var lines = capture.Lines;
        // The capture sees the lines that matter: the refusal of the forged REST call is logged.
        Assert.Contains(lines, l => l.Contains("Refused unauthenticated REST call GET /api/v1/notices", StringComparison.Ordinal));
        foreach (var secret in new[] { SigningSecret, BotToken, ClientSecret, ApiToken, AppPassword })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static Task<HttpResponseMessage> SlackPost(HttpClient client, string path, byte[] body, string contentType, string secret)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", SlackTestApp.Sign(secret, ts, body));
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
