using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeBot.Slack.Inbound;

// Tolerant DTOs: only the fields ChangeBot reads; Slack adds fields freely.

/// <summary>An Events API body: <c>url_verification</c>, <c>event_callback</c> or <c>app_rate_limited</c>.</summary>
internal sealed record SlackEnvelope
{
    public string? Type { get; init; }
    public string? Challenge { get; init; }
    public string? TeamId { get; init; }
    public string? EnterpriseId { get; init; }
    public string? ApiAppId { get; init; }
    public string? EventId { get; init; }
    public SlackEvent? Event { get; init; }
    public IReadOnlyList<SlackAuthorization>? Authorizations { get; init; }
}

internal sealed record SlackEvent
{
    public string? Type { get; init; }
    public string? Subtype { get; init; }
    public string? User { get; init; }
    public string? BotId { get; init; }
    public string? Text { get; init; }
    public string? Channel { get; init; }
    public string? ChannelType { get; init; }
    public string? Ts { get; init; }
    public string? ThreadTs { get; init; }
}

/// <summary>The installation that sees an event; for a bot install <see cref="UserId"/> is the bot user.</summary>
internal sealed record SlackAuthorization
{
    public string? TeamId { get; init; }
    public string? EnterpriseId { get; init; }
    public string? UserId { get; init; }
    public bool IsBot { get; init; }

    /// <summary>True for an org-wide install, whose token serves every workspace of the org.</summary>
    public bool IsEnterpriseInstall { get; init; }
}

/// <summary>The JSON in an interactivity request's <c>payload</c> form field.</summary>
internal sealed record SlackInteraction
{
    public string? Type { get; init; }
    public SlackIdName? User { get; init; }
    public SlackIdName? Team { get; init; }
    public SlackIdName? Enterprise { get; init; }
    public SlackIdName? Channel { get; init; }
    public SlackContainer? Container { get; init; }
    public SlackMessageRef? Message { get; init; }
    public string? ResponseUrl { get; init; }
    public string? TriggerId { get; init; }
    public IReadOnlyList<SlackAction>? Actions { get; init; }
    public SlackView? View { get; init; }
}

internal sealed record SlackIdName
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Username { get; init; }
    public string? TeamId { get; init; }
}

internal sealed record SlackContainer
{
    public string? Type { get; init; }
    public string? MessageTs { get; init; }
    public string? ThreadTs { get; init; }
    public string? ChannelId { get; init; }
    public bool IsEphemeral { get; init; }
}

internal sealed record SlackMessageRef
{
    public string? Ts { get; init; }
    public string? ThreadTs { get; init; }
}

internal sealed record SlackAction
{
    public string? Type { get; init; }
    public string? ActionId { get; init; }
    public string? BlockId { get; init; }
    public string? Value { get; init; }
}

internal sealed record SlackView
{
    public string? CallbackId { get; init; }
    public string? PrivateMetadata { get; init; }
    public SlackViewState? State { get; init; }
}

internal sealed record SlackViewState
{
    public Dictionary<string, Dictionary<string, SlackInputValue>>? Values { get; init; }
}

internal sealed record SlackInputValue
{
    public string? Type { get; init; }
    public string? Value { get; init; }
}

/// <summary>What the check modal remembers between opening and submission.</summary>
internal sealed record CheckModalState(string Team, string Channel, string? ThreadTs, string? NoticeId, bool IsDirect);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SlackEnvelope))]
[JsonSerializable(typeof(SlackInteraction))]
[JsonSerializable(typeof(CheckModalState))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class SlackInboundJson : JsonSerializerContext;
