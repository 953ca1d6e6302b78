using System.Net;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.DirectLine;

public sealed class DirectLineAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartConversation_LoopbackWithoutSecretOrCredential_Returns201WithTokenAndStreamUrl()
    {
        await using var host = new DirectLineHarness();

        // Exactly what directlinejs sends when it has neither secret nor token.
        using var response = await host.SendAsync(HttpMethod.Post, "/conversations", "undefined", new { user = new { } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await DirectLineHarness.ReadJsonAsync(response);
        Assert.False(string.IsNullOrEmpty(json["conversationId"]!.GetValue<string>()));
        Assert.Equal(3, json["token"]!.GetValue<string>().Split('.').Length);
        Assert.Equal(1800, json["expires_in"]!.GetValue<int>());
        Assert.StartsWith("ws://localhost/v3/directline/conversations/", json["streamUrl"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartConversation_NoAuthorizationHeaderFromLoopback_Returns201()
    {
        await using var host = new DirectLineHarness();

        using var response = await host.SendAsync(HttpMethod.Post, "/conversations", bearer: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Anonymous visitors are served from any address, with or without a secret, and through a proxy:
    /// the peer address never decides anything (identity comes only from tokens, see Security/WebChatIdentityTests).</summary>
    [Theory]
    [InlineData(null, "203.0.113.7")]
    [InlineData(DirectLineHarness.Secret, "203.0.113.7")]
    [InlineData(DirectLineHarness.Secret, "127.0.0.1")]
    public async Task StartConversation_AnonymousFromAnyAddress_Returns201(string? secret, string remote)
    {
        await using var host = new DirectLineHarness(secret: secret, remote: IPAddress.Parse(remote));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Add("X-Forwarded-For", "198.51.100.9");

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task StartConversation_SecretConfiguredAndWrongCredential_Returns401()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);

        using var response = await host.SendAsync(HttpMethod.Post, "/conversations", "not-the-secret-but-long-enough");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = await DirectLineHarness.ReadJsonAsync(response);
        Assert.Equal("Unauthorized", json["error"]!["code"]!.GetValue<string>());
        Assert.Equal(0, host.Conversations.Count);
    }

    [Fact]
    public async Task StartConversation_SecretConfiguredAndRemoteClientPresentsIt_Returns201()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret, remote: IPAddress.Parse("203.0.113.7"));

        var (id, token) = await host.StartAsync(DirectLineHarness.Secret);

        var activities = await host.GetActivitiesAsync(id, token);
        Assert.Empty(activities["activities"]!.AsArray());
    }

    [Fact]
    public async Task Preflight_FromLoopbackPage_AllowsDirectLineHeaders()
    {
        await using var host = new DirectLineHarness();

        using var response = await host.Client.SendAsync(Preflight("http://localhost:3000"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://localhost:3000", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single();
        Assert.Contains("x-ms-bot-agent", allowed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("authorization", allowed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_FromForeignSiteWithoutSecret_IsNotAllowed()
    {
        await using var host = new DirectLineHarness();

        using var response = await host.Client.SendAsync(Preflight("https://evil.example"), Ct);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_FromAnySiteWithSecret_IsAllowed()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);

        using var response = await host.Client.SendAsync(Preflight("https://support.example"), Ct);

        Assert.Equal("https://support.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Startup_SecretTooShort_FailsNamingTheSetting()
    {
        await using var app = new ChangeBotApp(new Dictionary<string, string?> { ["DirectLine:Secret"] = "short" });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("DirectLine:Secret", error.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");
        return request;
    }
}
