using System.Net;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.Security;

/// <summary>A SingleTenant bot receives Entra ID tokens as Entra issues them: no <c>serviceurl</c> claim, the app
/// in <c>appid</c> (v1) or <c>azp</c> (v2). They are judged by the Bot Framework's rules for such tokens: the
/// issuer names the bot's tenant, the audience and the issued-to app are the bot, the keys are the tenant's.</summary>
public sealed class EntraTokenTests : IAsyncLifetime
{
    private const string OtherTenant = "11111111-2222-3333-4444-555555555555";
    private static readonly string V1Issuer = $"https://sts.windows.net/{TestBotIssuer.TenantId}/";
    private static readonly string V2Issuer = $"https://login.microsoftonline.com/{TestBotIssuer.TenantId}/v2.0";

    private TeamsTestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await TeamsTestHost.StartSingleTenantAsync();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Messages_V1EntraTokenWithoutServiceUrl_IsAccepted()
    {
        var token = EntraToken(V1Issuer, new() { ["ver"] = "1.0", ["appid"] = TestBotIssuer.AppId });

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Handler.Received);
    }

    [Fact]
    public async Task Messages_V2EntraTokenWithoutServiceUrl_IsAccepted()
    {
        var token = EntraToken(V2Issuer, new() { ["ver"] = "2.0", ["azp"] = TestBotIssuer.AppId });

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Handler.Received);
    }

    public static TheoryData<string, string, string, string> Refused => new()
    {
        // issuer, ver, app claim, app
        { V2Issuer, "2.0", "azp", "00000000-0000-0000-0000-000000000000" },
        { V1Issuer, "1.0", "appid", "00000000-0000-0000-0000-000000000000" },
        { V2Issuer, "2.0", "appid", TestBotIssuer.AppId }, // v2 names the app in azp only
        { V1Issuer, "3.0", "appid", TestBotIssuer.AppId },
        { $"https://sts.windows.net/{OtherTenant}/", "1.0", "appid", TestBotIssuer.AppId },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Messages_EntraTokenNotIssuedToThisBotInItsTenant_Returns401(string issuer, string version, string appClaim, string app)
    {
        var token = EntraToken(issuer, new() { ["ver"] = version, [appClaim] = app });

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Handler.Received);
    }

    [Fact]
    public async Task Messages_EntraTokenForAnotherAudience_Returns401()
    {
        var token = _host.Issuer.ChannelToken(_host.ServiceUrl, kid: "entra", issuer: V2Issuer, audience: "https://graph.microsoft.com",
            includeServiceUrl: false, extraClaims: new Dictionary<string, object> { ["tid"] = TestBotIssuer.TenantId, ["ver"] = "2.0", ["azp"] = TestBotIssuer.AppId });

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Messages_ChannelTokenWithoutServiceUrl_IsStillRefused()
    {
        var token = _host.Issuer.ChannelToken(_host.ServiceUrl, includeServiceUrl: false);

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private string EntraToken(string issuer, Dictionary<string, object> claims)
    {
        claims["tid"] = TestBotIssuer.TenantId;
        return _host.Issuer.ChannelToken(_host.ServiceUrl, kid: "entra", issuer: issuer, includeServiceUrl: false, extraClaims: claims);
    }
}
