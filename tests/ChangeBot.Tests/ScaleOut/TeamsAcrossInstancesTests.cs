using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Storage.Postgres;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.ScaleOut;

/// <summary>
/// Teams tells one instance about a conversation (service URL, ids); a notice published later is sent there
/// by another instance that never heard from Teams itself: it reads the conversation reference from the
/// shared database. The first instance is stopped before publishing, so only the second can send.
/// </summary>
public sealed class TeamsAcrossInstancesTests
{
    private const string NoticeId = "scaleout-teams-notice";

    [Fact]
    public async Task ConversationReference_StoredByOneInstance_UsedByAnotherForTheBroadcast()
    {
        var ct = TestContext.Current.CancellationToken;
        using var database = await ChangeBotInstances.CreateDatabaseAsync(ct);
        await using var issuer = await TestBotIssuer.StartAsync();
        await using var connector = await ConnectorDouble.StartAsync();
        await using var instances = await ChangeBotInstances.StartAsync(2, i => new Dictionary<string, string>(
            ChangeBotInstances.Settings(database.ConnectionString, i, slackApiBaseUrl: null))
        {
            ["BotFramework__MicrosoftAppId"] = TestBotIssuer.AppId,
            ["BotFramework__MicrosoftAppPassword"] = TestBotIssuer.AppPassword,
            ["BotFramework__MicrosoftAppType"] = "MultiTenant",
            ["BotFramework__OpenIdMetadataUrl"] = issuer.MetadataUrl.AbsoluteUri,
            ["BotFramework__OAuthTokenEndpoint"] = issuer.TokenEndpoint.AbsoluteUri,
        }, ct);

        // 1. A user subscribes in a personal chat, through instance 0.
        var subscribe = TeamsActivities.PersonalMessage(connector.ServiceUrl, "subscribe").ToJsonString();
        using (var client = new HttpClient { BaseAddress = instances[0].BaseAddress })
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(subscribe, Encoding.UTF8, "application/json") })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.ChannelToken(connector.ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, ct)).StatusCode);
        }

        await connector.NextCallAsync(TimeSpan.FromSeconds(30)); // the confirmation
        await instances[0].StopAsync();

        // 2. Instance 1, which never heard from Teams, publishes and sends the notice there.
        await using (var store = new PostgresChangeBotStore(database.ConnectionString))
        {
            var parsed = new NoticeImporter().Parse($"---\nid: {NoticeId}\ntitle: Teams across instances\nproducts: [api]\n---\n## What\nA notice.\n", NoticeId + ".md");
            await store.ImportNoticesAsync([parsed.Notice!], ct);
        }

        using (var api = instances.ApiClient(1))
        {
            (await api.PostAsync($"/api/v1/notices/{NoticeId}/publish", null, ct)).EnsureSuccessStatusCode();
        }

        var broadcast = await connector.NextCallAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("POST", broadcast.Method);
        Assert.Equal($"/v3/conversations/{TeamsActivities.PersonalConversation}/activities", broadcast.Path);
        Assert.Contains("Teams across instances", broadcast.Body!.ToJsonString(), StringComparison.Ordinal);
        await using var ledger = new PostgresChangeBotStore(database.ConnectionString);
        await Eventually.TrueAsync(async () => (await ledger.ListDeliveriesAsync(NoticeId, ct)) is [{ Status: Core.Deliveries.DeliveryStatus.Sent } sent]
            && ConversationAddress.Parse(sent.ChannelKey).Platform == Platforms.Teams, TimeSpan.FromSeconds(30), "the one delivery recorded as sent to Teams");
    }
}
