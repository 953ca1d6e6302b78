using System.Text.Json.Nodes;

namespace ChangeBot.BotFramework.Schema;

/// <summary>A message ChangeBot sends through the Connector.</summary>
internal sealed record OutboundActivity
{
    public string Type { get; init; } = "message";
    public string? Text { get; init; }
    public string? TextFormat { get; init; }

    /// <summary>Notification preview text when the message is only a card.</summary>
    public string? Summary { get; init; }
    public string? ReplyToId { get; init; }
    public OutboundAccount? From { get; init; }
    public OutboundConversation? Conversation { get; init; }
    public IReadOnlyList<OutboundAttachment>? Attachments { get; init; }
}

internal sealed record OutboundAccount(string Id, string? Name = null);

internal sealed record OutboundConversation(string Id);

internal sealed record OutboundAttachment(string ContentType, JsonObject Content)
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
}

/// <summary>The Connector's answer to a send/reply/update: the new activity's id.</summary>
internal sealed record ResourceResponse(string? Id);

/// <summary>Body of <c>POST v3/conversations</c> (proactive 1:1 chats).</summary>
internal sealed record ConversationParameters
{
    public bool IsGroup { get; init; }
    public required OutboundAccount Bot { get; init; }
    public required IReadOnlyList<OutboundAccount> Members { get; init; }
    public string? TenantId { get; init; }
    public JsonObject? ChannelData { get; init; }
}

internal sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

/// <summary>A Connector 4xx/5xx body.</summary>
internal sealed record ErrorResponse(ErrorBody? Error);

internal sealed record ErrorBody(string? Code, string? Message);

/// <summary>The OAuth token endpoint's answer to a client-credentials request.</summary>
internal sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string? AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string? TokenType);
