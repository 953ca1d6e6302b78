using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Activities that must change nothing, on one shared host (none of them may leave a trace).</summary>
public sealed class MessagesIgnoredActivityTests(TeamsHostFixture fixture) : IClassFixture<TeamsHostFixture>
{
    private readonly TeamsTestHost _host = fixture.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("typing")]
    [InlineData("invoke")]
    [InlineData("messageReaction")]
    public async Task Activity_NotForTheBot_Gets200AndChangesNothing(string type)
    {
        var activity = TeamsActivities.PersonalMessage(_host.ServiceUrl, "help");
        activity["type"] = type;

        using var response = await _host.PostAsync(activity, _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Handler.Received);
        Assert.Empty(_host.Connector.Calls);
    }

    public static TheoryData<string> MalformedBodies() =>
    [
        "not json", "[]", "null", "no type", "no serviceUrl", "relative serviceUrl", "no channelId", "no conversation",
        "no recipient", "no sender", "no tenant", "members not a list", "text not a string",
    ];

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Activity_Malformed_Gets400AndChangesNothing(string kind)
    {
        var activity = TeamsActivities.PersonalMessage(_host.ServiceUrl, "help");
        string body;
        switch (kind)
        {
            case "not json": body = "{\"type\": \"message\", "; break;
            case "[]": body = "[]"; break;
            case "null": body = "null"; break;
            default:
                Action<JsonObject> spoil = kind switch
                {
                    "no type" => a => a.Remove("type"),
                    "no serviceUrl" => a => a.Remove("serviceUrl"),
                    "relative serviceUrl" => a => a["serviceUrl"] = "/amer/",
                    "no channelId" => a => a.Remove("channelId"),
                    "no conversation" => a => a.Remove("conversation"),
                    "no recipient" => a => a.Remove("recipient"),
                    "no sender" => a => a.Remove("from"),
                    "no tenant" => a => { a.Remove("channelData"); a["conversation"]!.AsObject().Remove("tenantId"); },
                    "members not a list" => a => a["membersAdded"] = "everyone",
                    "text not a string" => a => a["text"] = new JsonObject { ["x"] = 1 },
                    _ => throw new ArgumentOutOfRangeException(nameof(kind)),
                };
                spoil(activity);
                body = activity.ToJsonString();
                break;
        }

        using var response = await _host.PostRawAsync(body, _host.ValidToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Handler.Received);
        Assert.Empty(_host.Connector.Calls);
        var address = new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.PersonalConversation);
        Assert.Null(await _host.Store.GetConversationAsync(address.Key, Ct));
    }
}
