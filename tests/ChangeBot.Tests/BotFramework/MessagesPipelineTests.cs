using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Authenticated activities through the real pipeline: what reaches the core, what is stored and
/// what goes back to the Connector.</summary>
public sealed class MessagesPipelineTests : IAsyncLifetime
{
    private static readonly ConversationAddress Channel = new(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.ChannelConversation);
    private TeamsTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Message_ValidToken_RepliesAtConnectorWithReplyToIdAndValidOutboundToken()
    {
        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/v3/conversations/{TeamsActivities.PersonalConversation}/activities/1700000000001", call.Path);
        Assert.Equal("1700000000001", (string?)call.Body!["replyToId"]);
        Assert.Equal("You said: help", (string?)call.Body["text"]);

        Assert.StartsWith("Bearer ", call.Authorization, StringComparison.Ordinal);
        var outbound = await new JsonWebTokenHandler().ValidateTokenAsync(call.Authorization["Bearer ".Length..], new TokenValidationParameters
        {
            ValidIssuer = $"https://sts.windows.net/{TestBotIssuer.TenantId}/",
            ValidAudience = "https://api.botframework.com",
            IssuerSigningKey = _host.Issuer.OutboundKey,
        });
        Assert.True(outbound.IsValid, outbound.Exception?.Message);
        Assert.Equal(TestBotIssuer.AppId, outbound.Claims["appid"]);
    }

    [Fact]
    public async Task Message_Personal_TranslatesUserConversationAndZone()
    {
        using var response = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "subscribe sandbox"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(_host.Handler.Received);
        Assert.Equal("subscribe sandbox", message.Text);
        Assert.Equal("msteams:" + TeamsActivities.UserAadId, message.UserId);
        Assert.Equal("Dana Admin", message.UserName);
        Assert.True(message.IsDirect);
        Assert.Equal("Europe/Berlin", message.UserTimeZone);
        Assert.Equal(new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.PersonalConversation), message.Address);
        var stored = await _host.Store.GetConversationAsync(message.Address.Key, Ct);
        Assert.NotNull(stored);
        Assert.Contains(_host.ServiceUrl, stored.PlatformData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_ChannelMention_IsStrippedBeforeParsing()
    {
        using var response = await _host.PostAsync(TeamsActivities.ChannelMention(_host.ServiceUrl, "subscribe api-sandbox"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(_host.Handler.Received);
        Assert.Equal("subscribe api-sandbox", message.Text);
        Assert.False(message.IsDirect);
        Assert.Equal(Channel, message.Address);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation}/activities/1700000000002", call.Path);
    }

    [Fact]
    public async Task Message_InChannelWithoutMention_IsIgnoredWith200()
    {
        var activity = TeamsActivities.ChannelMention(_host.ServiceUrl, "just chatting");
        activity["text"] = "just chatting";
        activity.Remove("entities");

        using var response = await _host.PostAsync(activity, _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Handler.Received);
        Assert.Empty(_host.Connector.Calls);
    }

    [Fact]
    public async Task ConversationUpdate_BotAddedToTeam_StoresConversationAndSaysHello()
    {
        using var response = await _host.PostAsync(TeamsActivities.BotAddedToTeam(_host.ServiceUrl), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _host.Store.GetConversationAsync(Channel.Key, Ct);
        Assert.NotNull(stored);
        Assert.True(stored.Active);
        Assert.Equal("Platform › Integrations", stored.DisplayName);
        var data = JsonNode.Parse(stored.PlatformData)!;
        Assert.Equal(_host.ServiceUrl, (string?)data["serviceUrl"]);
        Assert.Equal(TestBotIssuer.TenantId, (string?)data["tenantId"]);
        Assert.Equal(TeamsActivities.BotId, (string?)data["botId"]);
        Assert.Equal("channel", (string?)data["conversationType"]);

        var hello = await _host.Connector.NextCallAsync();
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation}/activities", hello.Path);
        Assert.StartsWith("Hello!", (string?)hello.Body!["text"], StringComparison.Ordinal);
        Assert.Empty(_host.Handler.Received);
    }

    [Fact]
    public async Task ConversationUpdate_BotRemoved_MarksConversationInactiveAndSubscriptionsBroken()
    {
        using (await _host.PostAsync(TeamsActivities.BotAddedToTeam(_host.ServiceUrl), _host.ValidToken()))
        {
        }

        await _host.Store.UpsertSubscriptionAsync(new Subscription(Channel, [], "msteams:someone", TestBotIssuer.Clock.GetUtcNow()), Ct);

        using var response = await _host.PostAsync(TeamsActivities.BotRemovedFromTeam(_host.ServiceUrl), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await _host.Store.GetConversationAsync(Channel.Key, Ct))!.Active);
        var subscription = Assert.Single(await _host.Store.ListSubscriptionsAsync(Channel, Ct));
        Assert.True(subscription.IsBroken);
    }

    [Fact]
    public async Task ConversationUpdate_BotRemovedFromTeam_ReachesEveryChannelOfThatTeamAndNothingElse()
    {
        var otherChannel = Channel with { Conversation = "19:other-channel@thread.tacv2" };
        var personal = new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.PersonalConversation);
        using (await _host.PostAsync(TeamsActivities.ChannelMention(_host.ServiceUrl, "help", conversationId: otherChannel.Conversation), _host.ValidToken()))
        using (await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), _host.ValidToken()))
        {
        }

        foreach (var address in new[] { Channel, otherChannel, personal })
        {
            await _host.Store.UpsertSubscriptionAsync(new Subscription(address, [], "msteams:someone", TestBotIssuer.Clock.GetUtcNow()), Ct);
        }

        using var response = await _host.PostAsync(TeamsActivities.BotRemovedFromTeam(_host.ServiceUrl), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var broken = (await _host.Store.ListSubscriptionsAsync(ct: Ct)).Where(s => s.IsBroken).Select(s => s.Address.Key).Order(StringComparer.Ordinal);
        Assert.Equal([Channel.Key, otherChannel.Key], broken);
        Assert.False((await _host.Store.GetConversationAsync(otherChannel.Key, Ct))!.Active);
        Assert.True((await _host.Store.GetConversationAsync(personal.Key, Ct))!.Active);
    }

    [Fact]
    public async Task Message_WhereTheBotHadBeenRemoved_BringsTheConversationAndItsSubscriptionsBack()
    {
        await _host.Store.UpsertSubscriptionAsync(new Subscription(Channel, [], "msteams:someone", TestBotIssuer.Clock.GetUtcNow()), Ct);
        using (await _host.PostAsync(TeamsActivities.BotAddedToTeam(_host.ServiceUrl), _host.ValidToken()))
        using (await _host.PostAsync(TeamsActivities.BotRemovedFromTeam(_host.ServiceUrl), _host.ValidToken()))
        {
        }

        Assert.True(Assert.Single(await _host.Store.ListSubscriptionsAsync(Channel, Ct)).IsBroken);
        using var response = await _host.PostAsync(TeamsActivities.ChannelMention(_host.ServiceUrl, "help"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(await _host.Store.ListSubscriptionsAsync(Channel, Ct)).IsBroken);
        Assert.True((await _host.Store.GetConversationAsync(Channel.Key, Ct))!.Active);
    }

    [Fact]
    public async Task ConversationUpdate_ChannelRenamed_UpdatesStoredName()
    {
        using (await _host.PostAsync(TeamsActivities.BotAddedToTeam(_host.ServiceUrl), _host.ValidToken()))
        {
        }

        using var response = await _host.PostAsync(TeamsActivities.ChannelRenamed(_host.ServiceUrl, "Vendor changes"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Platform › Vendor changes", (await _host.Store.GetConversationAsync(Channel.Key, Ct))!.DisplayName);
    }

    [Fact]
    public async Task CardSubmit_AckButton_ReachesHandlerAsAckCommandAndRepliesInThread()
    {
        var data = new JsonObject { ["changebot"] = "ack api-sandbox-tls-certificate ready", ["changebotNotice"] = "api-sandbox-tls-certificate" };

        using var response = await _host.PostAsync(TeamsActivities.CardSubmit(_host.ServiceUrl, data), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(_host.Handler.Received);
        Assert.Equal("ack api-sandbox-tls-certificate ready", message.Text);
        Assert.Equal("api-sandbox-tls-certificate", message.ContextNoticeId);
        Assert.Equal(Channel, message.Address);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation};messageid=1699999999999/activities/1700000000003", call.Path);
    }

    [Fact]
    public async Task CardSubmit_CheckButtonWithTypedEndpoint_InsertsEndpointIntoCommand()
    {
        var action = ChangeBot.Turns.ButtonActionJson.ToJson(ButtonAction.CheckEndpoint("api-sandbox-tls-certificate", null));
        var data = new JsonObject { ["changebotAction"] = action, ["changebotTarget"] = " api-sandbox.example.com:8443 " };

        using var response = await _host.PostAsync(TeamsActivities.CardSubmit(_host.ServiceUrl, data), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("check api-sandbox.example.com:8443 for api-sandbox-tls-certificate", Assert.Single(_host.Handler.Received).Text);
    }
}
