using System.Net;
using ChangeBot.BotFramework.Connector;
using ChangeBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.BotFramework;

/// <summary>A SingleTenant bot also accepts Entra ID tokens from its own tenant (docs/platforms.md#bot-framework-auth).</summary>
public sealed class SingleTenantTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await TeamsTestHost.StartSingleTenantAsync();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Messages_EntraTokenFromTheBotsTenant_IsAccepted()
    {
        var token = EntraToken(TestBotIssuer.TenantId);

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Handler.Received);
    }

    [Fact]
    public async Task Messages_EntraTokenFromAnotherTenant_Returns401()
    {
        var token = EntraToken("11111111-2222-3333-4444-555555555555");

        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Handler.Received);
    }

    [Fact]
    public async Task Messages_ChannelTokenStillAccepted_WhenSingleTenant()
    {
        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateConversation_PostsConversationParametersAndReturnsTheNewId()
    {
        var connector = _host.App.Services.GetRequiredService<ConnectorClient>();

        var result = await connector.CreateConversationAsync(new Uri(_host.ServiceUrl), new ConversationParameters
        {
            Bot = new OutboundAccount(TeamsActivities.BotId),
            Members = [new OutboundAccount(TeamsActivities.UserId)],
            TenantId = TestBotIssuer.TenantId,
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal("/v3/conversations", call.Path);
        Assert.Equal(TeamsActivities.UserId, (string?)call.Body!["members"]![0]!["id"]);
        Assert.Equal(TestBotIssuer.TenantId, (string?)call.Body["tenantId"]);
    }

    private string EntraToken(string tenant) => _host.Issuer.ChannelToken(_host.ServiceUrl, kid: "entra",
        issuer: $"https://login.microsoftonline.com/{TestBotIssuer.TenantId}/v2.0",
        extraClaims: new Dictionary<string, object> { ["tid"] = tenant, ["ver"] = "2.0", ["azp"] = TestBotIssuer.AppId });
}
