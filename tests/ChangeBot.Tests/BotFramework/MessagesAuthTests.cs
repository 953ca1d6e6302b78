using System.Net;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Tests.BotFramework;

/// <summary>POST /api/messages refuses every request whose token is missing, forged or not meant for this
/// activity, with 401 and without touching the handler, the store or the Connector.</summary>
public sealed class MessagesAuthTests(TeamsHostFixture fixture) : IClassFixture<TeamsHostFixture>
{
    private readonly TeamsTestHost _host = fixture.Host;

    public static TheoryData<string> RefusedTokens() =>
    [
        "missing", "garbage", "unknown key", "wrong audience", "expired", "not yet valid", "alg none",
        "wrong issuer", "serviceurl mismatch", "no serviceurl claim", "key not endorsed for msteams", "entra token on a multi-tenant bot",
    ];

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Messages_BadToken_Returns401AndSendsNothing(string kind)
    {
        var issuer = _host.Issuer;
        var url = _host.ServiceUrl;
        var now = TestBotIssuer.Clock.GetUtcNow().UtcDateTime;
        var token = kind switch
        {
            "missing" => null,
            "garbage" => "not-a-jwt",
            "unknown key" => issuer.ChannelToken(url, kid: "unpublished"),
            "wrong audience" => issuer.ChannelToken(url, audience: "00000000-0000-0000-0000-000000000001"),
            // Beyond the 5 minutes of clock skew either way.
            "expired" => issuer.ChannelToken(url, notBefore: now.AddHours(-2), expires: now.AddMinutes(-6)),
            "not yet valid" => issuer.ChannelToken(url, notBefore: now.AddMinutes(6), expires: now.AddHours(1)),
            "alg none" => TestBotIssuer.UnsignedToken(url),
            "wrong issuer" => issuer.ChannelToken(url, issuer: "https://api.botframework.evil"),
            "serviceurl mismatch" => issuer.ChannelToken("https://smba.attacker.example/amer/"),
            "no serviceurl claim" => issuer.ChannelToken(url, includeServiceUrl: false),
            "key not endorsed for msteams" => issuer.ChannelToken(url, kid: "webchat-only"),
            "entra token on a multi-tenant bot" => issuer.ChannelToken(url, kid: "entra", issuer: TestBotIssuer.EntraIssuer,
                extraClaims: new Dictionary<string, object> { ["tid"] = TestBotIssuer.TenantId }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(url, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Handler.Received);
        Assert.Empty(_host.Connector.Calls);
        var address = new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.PersonalConversation);
        Assert.Null(await _host.Store.GetConversationAsync(address.Key, TestContext.Current.CancellationToken));
    }
}

/// <summary>Tokens that must be accepted, each on a fresh host.</summary>
public sealed class MessagesAcceptedTokenTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Messages_TokenWithinClockSkew_IsAccepted()
    {
        var now = TestBotIssuer.Clock.GetUtcNow().UtcDateTime;
        var token = _host.Issuer.ChannelToken(_host.ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-4));

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Handler.Received);
    }

    [Fact]
    public async Task Messages_KeyPublishedAfterMetadataWasCached_IsFetchedOnUnknownKeyId()
    {
        using (var first = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), _host.ValidToken()))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        _host.Issuer.AddKey("rotated", ["msteams"], publish: true);
        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "notices"), _host.Issuer.ChannelToken(_host.ServiceUrl, kid: "rotated"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["help", "notices"], _host.Handler.Received.Select(m => m.Text));
    }
}
