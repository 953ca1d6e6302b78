using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Testing.Checks;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

/// <summary><c>POST /api/v1/checks</c> through the real pipeline: the CLI's JSON shape (docs/checks.md#verdict-and-exit-codes), the same
/// SSRF guard and per-caller limit as chat, and the HTTP status for each refusal.</summary>
public sealed class ChecksApiTests
{
    private const string SampleId = "api-sandbox-tls-certificate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Loopback(int port) => new()
    {
        ["Checks:AllowedNetworks"] = "127.0.0.0/8",
        ["Checks:AllowedPorts"] = port.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Post_AllowedTlsEndpoint_ReturnsTheCliJsonShape()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        await using var app = ApiClient.App(Loopback(server.Port));
        using var client = app.Authorized();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { target = $"https://localhost:{server.Port}/" }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["target", "host", "port", "address", "tls", "chain", "hostnameMatches", "trust", "platforms", "problems", "verdict"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("localhost", server.Port, "problems"),
            (body.GetProperty("host").GetString(), body.GetProperty("port").GetInt32(), body.GetProperty("verdict").GetString()));
        Assert.Equal(["version", "cipherSuite"], body.GetProperty("tls").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["subject", "issuer", "serialNumber", "notBefore", "notAfter", "sha256", "publicKey", "signatureAlgorithm"],
            body.GetProperty("chain")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(pki.Leaf.Sha256, body.GetProperty("chain")[0].GetProperty("sha256").GetString());
        Assert.Equal("system", body.GetProperty("trust")[0].GetProperty("store").GetString());
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "untrusted-root");
        Assert.Equal(["localhost"], server.ServerNames);
    }

    [Fact]
    public async Task Post_LoopbackOnDefaults_AnswersBlockedAddressWithoutConnecting()
    {
        using var listener = TestListener.Silent();
        await using var app = ApiClient.App(new Dictionary<string, string?> { ["Checks:AllowedPorts"] = listener.Port.ToString(CultureInfo.InvariantCulture) });
        using var client = app.Authorized();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { target = $"127.0.0.1:{listener.Port}" }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("error", body.GetProperty("verdict").GetString());
        Assert.Equal("blocked-address", body.GetProperty("problems")[0].GetProperty("code").GetString());
        Assert.True(await listener.NobodyConnectedBeforeAsync(Ct));
    }

    [Theory]
    [InlineData("ftp://example.com", "uses ftp://")]
    [InlineData("https://user@example.com", "is not a host")]
    [InlineData(" ", "'target' is required")]
    public async Task Post_BadTarget_Is400NamingWhatIsWrong(string target, string says)
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { target }, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownNotice_Is404()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { target = "example.com", noticeId = "no-such-notice" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'no-such-notice'", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MoreChecksThanTheCallersLimit_Is429WithRetryAfter()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var limit = new Core.Checks.ChecksOptions().ChecksPerUser;
        // A private address: refused by the guard without a packet sent, but it counts as a check.
        for (var i = 0; i < limit; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/v1/checks", new { target = "10.1.2.3" }, Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/v1/checks", new { target = "10.1.2.3" }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.StartsWith($"You have run {limit} checks recently", (await limited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_AfterACheckForTheNoticeInChat_ShowsThatChannelsLastCheck()
    {
        using var pki = new TestChain();
        using var server = TestTlsServer.Start(pki.Leaf, [pki.Intermediate]);
        await using var app = ApiClient.App(Loopback(server.Port));
        using var client = app.Authorized();
        var channel = new ConversationAddress(Platforms.Slack, "T1", "C1");

        await app.Services.GetRequiredService<IConversationHandler>().HandleAsync(new IncomingMessage
        {
            Address = channel,
            UserId = "slack:U1",
            Text = $"check localhost:{server.Port} for {SampleId}",
        }, Ct);
        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/v1/notices/{SampleId}/readiness", Ct);

        var row = Assert.Single(rows.EnumerateArray(), r => r.GetProperty("channel").GetString() == channel.Key);
        var check = row.GetProperty("lastCheck");
        Assert.Equal(("problems", $"localhost:{server.Port}", "slack:U1"),
            (check.GetProperty("verdict").GetString(), check.GetProperty("target").GetString(), check.GetProperty("by").GetString()));
        Assert.Contains(check.GetProperty("problems").EnumerateArray(), p => p.GetString() == "untrusted-root");
        Assert.Equal(JsonValueKind.Null, row.GetProperty("delivery").ValueKind);
    }

    [Fact]
    public async Task OpenApi_ChecksRoute_DocumentsTheResultShapeAndEachRefusal()
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var responses = document.GetProperty("paths").GetProperty("/api/v1/checks").GetProperty("post").GetProperty("responses");
        Assert.Superset(new HashSet<string> { "200", "400", "401", "404", "429" }, responses.EnumerateObject().Select(r => r.Name).ToHashSet());
        var schema = responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(schema.Split('/')[^1]).GetProperty("properties");
        Assert.Equal(["target", "host", "port", "address", "tls", "chain", "hostnameMatches", "trust", "platforms", "problems", "verdict"],
            properties.EnumerateObject().Select(p => p.Name));
    }
}
