using System.Text.Json;

namespace ChangeBot.BotFramework.Schema;

/// <summary>
/// What the Teams adapter keeps about a conversation to post there later (the ConversationReference's
/// PlatformData). The service URL is only ever taken from an activity whose token vouched for it.
/// </summary>
internal sealed record TeamsConversationData(
    string ServiceUrl,
    string TenantId,
    string BotId,
    string? BotName,
    string ConversationType,
    string? TeamId,
    string ChannelId = "msteams")
{
    public string ToJson() => JsonSerializer.Serialize(this, BotFrameworkJson.Default.TeamsConversationData);

    public static TeamsConversationData? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, BotFrameworkJson.Default.TeamsConversationData);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool IsChannel => ConversationType == "channel";
}
