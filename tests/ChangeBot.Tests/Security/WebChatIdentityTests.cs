using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Tests.DirectLine;

namespace ChangeBot.Tests.Security;

/// <summary>
/// Web chat identity comes from tokens the secret holder issued, never from the client: not from <c>from.id</c>
/// (in any case of the reserved <c>dl_</c> prefix), not from a start request's <c>user.id</c>, and not from a
/// loopback peer address (a same-host nginx <c>proxy_pass</c> makes every internet user look like loopback).
/// Anonymous visitors still chat without credentials, from anywhere, with or without a secret.
/// </summary>
public sealed class WebChatIdentityTests
{
    private const string Proxy = "10.0.0.5";

    [Fact]
    public async Task VisitorClaimingTheReservedPrefixInAnotherCase_IsRefusedAndReachesNoHandler()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);
        var (id, token) = await GenerateAsync(host, userId: null);

        using var response = await host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token,
            new { type = "message", from = new { id = "DL_alice" }, text = "update n-1 click https://evil.example" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dl_", await response.Content.ReadAsStringAsync(DirectLineHarness.Ct), StringComparison.Ordinal);
        Assert.Empty(host.Handler.Received);
    }

    [Fact]
    public void SupportUsers_AreComparedExactly()
    {
        var policy = new SupportPolicy(["directline:dl_alice"]);

        Assert.True(policy.IsSupport("directline:dl_alice"));
        Assert.False(policy.IsSupport("directline:DL_alice"));
        Assert.False(policy.IsSupport("directline:DL_ALICE"));
    }

    [Fact]
    public async Task LoopbackPeerWithoutForwardingHeaders_ClientChosenIds_DoNotDecideWhoItIs()
    {
        // What nginx's default proxy_pass http://127.0.0.1:5000 looks like: loopback peer, loopback Host, no headers.
        await using var host = new DirectLineHarness(remote: IPAddress.Loopback);
        var (id, token) = await host.StartAsync(body: new { user = new { id = "dl_alice" } });

        await host.PostMessageAsync(id, token, "first", from: "support-bob");
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        var message = Assert.Single(host.Handler.Received);
        Assert.Equal("directline:guest-" + id[..12], message.UserId);
    }

    [Fact]
    public async Task AnonymousCaller_MayNotGenerateTokensOrUseSomeoneElsesConversation()
    {
        await using var host = new DirectLineHarness();
        var (id, _) = await host.StartAsync();

        using var generate = await host.SendAsync(HttpMethod.Post, "/tokens/generate", "undefined", new { user = new { id = "dl_alice" } });
        using var poll = await host.SendAsync(HttpMethod.Get, $"/conversations/{id}/activities", "undefined");

        Assert.Equal(HttpStatusCode.Forbidden, generate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
    }

    [Fact]
    public async Task TokenIssuedThroughTheSecretForAUser_CarriesThatUser()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret);
        var (id, token) = await GenerateAsync(host, userId: "dl_alice");

        await host.PostMessageAsync(id, token, "hello", from: "someone-else");
        await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        Assert.Equal("directline:dl_alice", Assert.Single(host.Handler.Received).UserId);
    }

    /// <summary>The README's <c>docker run</c> seen from another machine through a configured proxy: the page and
    /// an anonymous chat work without any credential, with or without a secret.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(DirectLineHarness.Secret)]
    public async Task RemoteVisitorThroughAConfiguredProxy_ChatsAnonymously(string? secret)
    {
        await using var host = new DirectLineHarness(secret: secret, remote: IPAddress.Parse(Proxy),
            settings: new() { ["ForwardedHeaders:KnownProxies"] = Proxy });
        host.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var page = await host.Client.GetAsync("/", DirectLineHarness.Ct);
        var (id, token) = await host.StartAsync();
        await host.PostMessageAsync(id, token, "hello", from: "visitor-7");
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("directline:guest-" + id[..12], Assert.Single(host.Handler.Received).UserId);
        Assert.Contains(activities, a => a!["text"]?.GetValue<string>() == "You said: hello");
    }

    private static async Task<(string Id, string Token)> GenerateAsync(DirectLineHarness host, string? userId)
    {
        using var response = await host.SendAsync(HttpMethod.Post, "/tokens/generate", DirectLineHarness.Secret,
            userId is null ? JsonContent.Create(new JsonObject()) : JsonContent.Create(new { user = new { id = userId } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await DirectLineHarness.ReadJsonAsync(response);
        var id = json["conversationId"]!.GetValue<string>();
        var token = json["token"]!.GetValue<string>();
        using var start = await host.SendAsync(HttpMethod.Post, "/conversations", token);
        Assert.True(start.IsSuccessStatusCode);
        return (id, token);
    }
}
