using System.Text.Json.Nodes;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Activities shaped like the ones Teams sends (ids, channelData, mention entities), as JSON.</summary>
internal static class TeamsActivities
{
    public const string BotId = "28:" + TestBotIssuer.AppId;
    public const string BotName = "ChangeBot";
    public const string UserId = "29:1a2b3c-user";
    public const string UserAadId = "6b9f7c1e-0a1b-4c2d-8e3f-123456789abc";
    public const string PersonalConversation = "a:1Xq8personal";
    public const string ChannelConversation = "19:c0ffee@thread.tacv2";
    public const string TeamId = "19:team-general@thread.tacv2";

    public static JsonObject PersonalMessage(string serviceUrl, string text, string id = "1700000000001") => Base(serviceUrl, "message", id, PersonalConversationAccount(), new JsonObject
    {
        ["text"] = text,
        ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["timezone"] = "Europe/Berlin" }),
    });

    /// <summary>A channel message that @mentions the bot, as Teams sends it (mention markup in the text).</summary>
    public static JsonObject ChannelMention(string serviceUrl, string command, string id = "1700000000002", string? conversationId = null) =>
        Base(serviceUrl, "message", id, ChannelConversationAccount(conversationId), new JsonObject
        {
            ["text"] = $"<at>{BotName}</at>&nbsp;{command}\n",
            ["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
                ["text"] = $"<at>{BotName}</at>",
            }),
            ["channelData"] = ChannelData(),
        });

    /// <summary>The click on an Action.Submit button: a message with no text and the button's data as value.</summary>
    public static JsonObject CardSubmit(string serviceUrl, JsonObject data, string id = "1700000000003") =>
        Base(serviceUrl, "message", id, ChannelConversationAccount(ChannelConversation + ";messageid=1699999999999"), new JsonObject
        {
            ["replyToId"] = "1699999999999",
            ["value"] = data,
            ["channelData"] = ChannelData(),
        });

    /// <summary>The bot being added to a team (membersAdded holds the bot itself).</summary>
    public static JsonObject BotAddedToTeam(string serviceUrl) => Base(serviceUrl, "conversationUpdate", "f:install-1", ChannelConversationAccount(), new JsonObject
    {
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }),
        ["channelData"] = ChannelData("teamMemberAdded"),
    });

    public static JsonObject BotRemovedFromTeam(string serviceUrl) => Base(serviceUrl, "conversationUpdate", "f:remove-1", ChannelConversationAccount(), new JsonObject
    {
        ["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = BotId }),
        ["channelData"] = ChannelData("teamMemberRemoved"),
    });

    public static JsonObject ChannelRenamed(string serviceUrl, string newName) => Base(serviceUrl, "conversationUpdate", "f:rename-1", ChannelConversationAccount(), new JsonObject
    {
        ["channelData"] = new JsonObject
        {
            ["eventType"] = "channelRenamed",
            ["tenant"] = new JsonObject { ["id"] = TestBotIssuer.TenantId },
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Platform" },
            ["channel"] = new JsonObject { ["id"] = ChannelConversation, ["name"] = newName },
        },
    });

    private static JsonObject Base(string serviceUrl, string type, string id, JsonObject conversation, JsonObject extra)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["timestamp"] = "2026-11-28T09:00:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = "Dana Admin", ["aadObjectId"] = UserAadId },
            ["conversation"] = conversation,
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["locale"] = "en-US",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TestBotIssuer.TenantId } },
            // A field ChangeBot does not model must not break parsing.
            ["someFutureField"] = new JsonObject { ["x"] = 1 },
        };
        foreach (var (key, value) in extra)
        {
            activity[key] = value?.DeepClone();
        }

        return activity;
    }

    private static JsonObject PersonalConversationAccount() => new()
    {
        ["conversationType"] = "personal",
        ["tenantId"] = TestBotIssuer.TenantId,
        ["id"] = PersonalConversation,
    };

    private static JsonObject ChannelConversationAccount(string? id = null) => new()
    {
        ["isGroup"] = true,
        ["conversationType"] = "channel",
        ["tenantId"] = TestBotIssuer.TenantId,
        ["id"] = id ?? ChannelConversation,
    };

    private static JsonObject ChannelData(string? eventType = null)
    {
        var data = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TestBotIssuer.TenantId },
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Platform" },
            ["channel"] = new JsonObject { ["id"] = ChannelConversation, ["name"] = "Integrations" },
        };
        if (eventType is not null)
        {
            data["eventType"] = eventType;
        }

        return data;
    }
}
