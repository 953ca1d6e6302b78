using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeBot.BotFramework.Schema;

/// <summary>
/// An inbound Bot Framework activity. Only the fields ChangeBot reads are modelled; everything else
/// is kept in <see cref="Extra"/> so new fields from Teams never break parsing.
/// </summary>
internal sealed class Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? Text { get; init; }
    public string? Locale { get; init; }
    public string? LocalTimezone { get; init; }
    public string? ReplyToId { get; init; }
    public string? Action { get; init; }
    public string? Name { get; init; }
    public List<Entity>? Entities { get; init; }
    public List<ChannelAccount>? MembersAdded { get; init; }
    public List<ChannelAccount>? MembersRemoved { get; init; }
    public TeamsChannelData? ChannelData { get; init; }

    /// <summary>Card submit data (Action.Submit) or invoke payloads.</summary>
    public JsonElement? Value { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public bool? IsGroup { get; init; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A mention (<c>type: mention</c>) or client info (<c>type: clientInfo</c>) entity.</summary>
internal sealed class Entity
{
    public string? Type { get; init; }
    public ChannelAccount? Mentioned { get; init; }
    public string? Text { get; init; }
    public string? Timezone { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class TeamsChannelData
{
    public IdAndName? Tenant { get; init; }
    public IdAndName? Team { get; init; }
    public IdAndName? Channel { get; init; }
    public string? EventType { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class IdAndName
{
    public string? Id { get; init; }
    public string? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
