using System.Text.Json.Serialization;

namespace ChangeBot.Slack.WebApi;

/// <summary>Every Web API response: <c>ok</c>, and <c>error</c> when not ok (docs/platforms.md#slack-web-api).</summary>
internal record SlackResponse
{
    public bool Ok { get; init; }
    public string? Error { get; init; }
    public string? Warning { get; init; }
}

internal sealed record PostMessageResponse : SlackResponse
{
    public string? Channel { get; init; }
    public string? Ts { get; init; }
}

/// <summary><c>conversations.history</c>: only what the delivery lookup reads.</summary>
internal sealed record HistoryResponse : SlackResponse
{
    public List<HistoryMessage>? Messages { get; init; }
}

internal sealed record HistoryMessage
{
    public string? Ts { get; init; }
    public System.Text.Json.Nodes.JsonObject? Metadata { get; init; }
}

internal sealed record PostEphemeralResponse : SlackResponse
{
    public string? MessageTs { get; init; }
}

internal sealed record UserInfoResponse : SlackResponse
{
    public SlackUser? User { get; init; }
}

internal sealed record SlackUser
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? RealName { get; init; }
    public string? Tz { get; init; }
    public bool IsBot { get; init; }
}

internal sealed record OAuthAccessResponse : SlackResponse
{
    public string? AccessToken { get; init; }
    public string? TokenType { get; init; }
    public string? Scope { get; init; }
    public string? BotUserId { get; init; }
    public string? AppId { get; init; }
    public OAuthParty? Team { get; init; }
    public OAuthParty? Enterprise { get; init; }
    public bool IsEnterpriseInstall { get; init; }
}

internal sealed record OAuthParty
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

internal sealed record ConnectionsOpenResponse : SlackResponse
{
    public string? Url { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackResponse))]
[JsonSerializable(typeof(PostMessageResponse))]
[JsonSerializable(typeof(PostEphemeralResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(UserInfoResponse))]
[JsonSerializable(typeof(OAuthAccessResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
internal sealed partial class SlackApiJson : JsonSerializerContext;
