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

    [Fact]
    public async Task CredentialsInUrls_TokensTheServerIssuedAndOAuthCodes_NeverReachALogLine()
    {
        const string DirectLineSecret = "log-test-directline-secret-8d2c4f";
        const string OAuthCode = "log-test-oauth-code-3a9e7b";
        const string OAuthState = "log-test-oauth-state-6f1d2c";
        var ct = TestContext.Current.CancellationToken;
        var capture = new CapturingLoggerProvider();
        await using var app = new ChangeBotApp(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                // Request lines are quiet by default (Hosting/LoggingDefaults.cs); an operator who turns them on
                // must still see no credential in them.
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["DirectLine:Secret"] = DirectLineSecret,
                ["Slack:SigningSecret"] = SigningSecret,
                ["Slack:ClientId"] = "1111.2222",
                ["Slack:ClientSecret"] = ClientSecret,
            },
            services => services.AddSingleton<ILoggerProvider>(capture));
        using var client = app.CreateClient();

        // A token the server issues through the secret, then the conversation it opens and its stream URL.
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineSecret);
        using var generated = await client.SendAsync(generate, ct);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var issued = System.Text.Json.JsonDocument.Parse(await generated.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("token").GetString()!;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued);
        using var started = await client.SendAsync(start, ct);
        var conversation = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync(ct)).RootElement;
        var streamUrl = conversation.GetProperty("streamUrl").GetString()!;
        var streamToken = Uri.UnescapeDataString(streamUrl[(streamUrl.IndexOf("?t=", StringComparison.Ordinal) + 3)..]);
        using (var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(streamUrl), ct))
        {
            socket.Abort(); // connected: the request line with the token has been logged
        }

        // The OAuth callback as Slack redirects the browser to it (the state is unknown here; the code still travels).
        using var callback = await client.GetAsync($"/slack/oauth/callback?code={OAuthCode}&state={OAuthState}", ct);

        var lines = capture.Lines;
        // The capture sees the request lines themselves, with the query's names kept for diagnosis.
        Assert.Contains(lines, l => l.Contains("/stream?t=[Redacted]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/slack/oauth/callback?code=[Redacted]&state=[Redacted]", StringComparison.Ordinal));
        foreach (var secret in new[] { DirectLineSecret, issued, streamToken, conversation.GetProperty("token").GetString()!, OAuthCode, OAuthState })
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
