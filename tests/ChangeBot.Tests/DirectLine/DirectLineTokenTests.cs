using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ChangeBot.Tests.DirectLine;

public sealed class DirectLineTokenTests
{
    [Fact]
    public async Task GenerateToken_WithSecretAndUser_ReturnsJwtCarryingTheUserClaim()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);

        using var response = await host.SendAsync(HttpMethod.Post, "/tokens/generate", DirectLineHarness.Secret, new { user = new { id = "dl_alice", name = "Alice" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await DirectLineHarness.ReadJsonAsync(response);
        Assert.Equal(1800, json["expires_in"]!.GetValue<int>());
        Assert.Null(json["streamUrl"]);
        var payload = DecodePayload(json["token"]!.GetValue<string>());
        Assert.Equal("dl_alice", payload["user"]!.GetValue<string>());
        Assert.Equal(json["conversationId"]!.GetValue<string>(), payload["conv"]!.GetValue<string>());
    }

    [Fact]
    public async Task GeneratedToken_StartsItsConversationOnceAndForcesItsUser()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);
        var generated = await GenerateAsync(host, "dl_alice");

        using var first = await host.SendAsync(HttpMethod.Post, "/conversations", generated.Token);
        using var second = await host.SendAsync(HttpMethod.Post, "/conversations", generated.Token);
        await host.PostMessageAsync(generated.Id, generated.Token, "hi", from: "mallory");
        var echo = (await host.WaitForActivitiesAsync(generated.Id, generated.Token, DirectLineHarness.BotActivities(1)))[0]!;

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(generated.Id, (await DirectLineHarness.ReadJsonAsync(second))["conversationId"]!.GetValue<string>());
        Assert.Equal("dl_alice", echo["from"]!["id"]!.GetValue<string>());
        Assert.Equal("directline:dl_alice", Assert.Single(host.Handler.Received).UserId);
    }

    [Fact]
    public async Task Token_WithoutAUser_CannotClaimATrustedDlId()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);
        var generated = await GenerateAsync(host, null);
        using var start = await host.SendAsync(HttpMethod.Post, "/conversations", generated.Token);

        using var response = await host.SendAsync(HttpMethod.Post, $"/conversations/{generated.Id}/activities", generated.Token,
            new { type = "message", from = new { id = "dl_support_lead" }, text = "publish sandbox-tls" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await host.GetActivitiesAsync(generated.Id, generated.Token))["activities"]!.AsArray());
        Assert.Empty(host.Handler.Received);
    }

    [Fact]
    public async Task GenerateToken_WithAToken_Returns403()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);
        var generated = await GenerateAsync(host, null);

        using var response = await host.SendAsync(HttpMethod.Post, "/tokens/generate", generated.Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Token_ForAnotherConversation_Returns403()
    {
        await using var host = new DirectLineHarness();
        var (first, _) = await host.StartAsync();
        var (_, otherToken) = await host.StartAsync();

        using var get = await host.SendAsync(HttpMethod.Get, $"/conversations/{first}/activities", otherToken);
        using var post = await host.SendAsync(HttpMethod.Post, $"/conversations/{first}/activities", otherToken, new { type = "message", text = "hi" });

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task Token_AfterThirtyMinutes_Returns403TokenExpired()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        host.Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));
        using var response = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("TokenExpired", (await DirectLineHarness.ReadJsonAsync(response))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefreshToken_BeforeExpiry_GivesATokenThatOutlivesTheOld()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        host.Time.Advance(TimeSpan.FromMinutes(15));

        using var refresh = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", token);
        var fresh = (await DirectLineHarness.ReadJsonAsync(refresh))["token"]!.GetValue<string>();
        host.Time.Advance(TimeSpan.FromMinutes(20));
        using var withOld = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", token);
        using var withFresh = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", fresh);
        using var refreshExpired = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", token);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withFresh.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refreshExpired.StatusCode);
    }

    [Fact]
    public async Task Token_WithAlteredPayload_Returns401()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        var parts = token.Split('.');
        var payload = DecodePayload(token);
        payload["user"] = "support-lead";
        var forged = parts[0] + "." + Base64Url(payload.ToJsonString()) + "." + parts[2];

        using var response = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reconnect_ReturnsAFreshTokenAndStreamUrlWithTheWatermark()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}?watermark=7", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await DirectLineHarness.ReadJsonAsync(response);
        Assert.Equal(id, json["conversationId"]!.GetValue<string>());
        Assert.EndsWith("&watermark=7", json["streamUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(json["token"]!.GetValue<string>()));
    }

    private static async Task<(string Id, string Token)> GenerateAsync(DirectLineHarness host, string? user)
    {
        using var response = await host.SendAsync(HttpMethod.Post, "/tokens/generate", DirectLineHarness.Secret, user is null ? null : new { user = new { id = user } });
        var json = await DirectLineHarness.ReadJsonAsync(response);
        return (json["conversationId"]!.GetValue<string>(), json["token"]!.GetValue<string>());
    }

    private static JsonObject DecodePayload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part)))!;
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
