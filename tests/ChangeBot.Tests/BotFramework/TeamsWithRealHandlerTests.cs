using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Teams in front of the server's real conversation handler and the shipped sample notice.</summary>
public sealed class TeamsWithRealHandlerTests : IAsyncLifetime
{
    private const string NoticeId = "api-sandbox-tls-certificate";
    private static readonly ConversationAddress Channel = new(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.ChannelConversation);
    private TeamsTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync(realHandler: true);
        using var installed = await _host.PostAsync(TeamsActivities.BotAddedToTeam(_host.ServiceUrl), _host.ValidToken());
        await _host.Connector.NextCallAsync(); // the greeting
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task AckButton_OnTheNoticeCard_RecordsTheChannelsAnswer()
    {
        var data = new JsonObject { ["changebot"] = $"ack {NoticeId} ready", ["changebotNotice"] = NoticeId };

        using var response = await _host.PostAsync(TeamsActivities.CardSubmit(_host.ServiceUrl, data), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = Assert.Single(await _host.Store.ListAcknowledgementsAsync(NoticeId, Ct));
        Assert.Equal((Channel.Key, AckAnswer.Ready, "msteams:" + TeamsActivities.UserAadId), (ack.ChannelKey, ack.Answer, ack.UserId));
        await _host.Connector.NextCallAsync(); // the confirmation, in the card's thread
    }

    [Fact]
    public async Task NoticeCommand_SampleNotice_IsACardAdaptiveCardsJsAccepts()
    {
        AdaptiveCardsJs.RequireInstalled();

        using var response = await _host.PostAsync(TeamsActivities.ChannelMention(_host.ServiceUrl, $"notice {NoticeId}"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _host.Connector.NextCallAsync();
        Assert.True(reply.Body?["attachments"] is JsonArray, reply.Body?.ToJsonString());
        var card = reply.Body!["attachments"]![0]!["content"]!;
        // On the real clock the 2016 sample is completed, so its card has no buttons (SampleReplies covers them).
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Contains("{{DATE(", card.ToJsonString(), StringComparison.Ordinal);
        using var cards = new TempDirectory();
        await File.WriteAllTextAsync(cards.File("sample-notice.json"), card.ToJsonString(), Ct);
        await AdaptiveCardsJs.AssertAllParseAsync(cards.Path, 1);
    }
}
