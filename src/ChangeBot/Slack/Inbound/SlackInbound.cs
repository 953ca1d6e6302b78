using ChangeBot.Core.Conversations;

namespace ChangeBot.Slack.Inbound;

/// <summary>Where and how to answer a Slack message: the channel (and thread), the asker, and the
/// command's <c>response_url</c> when there is one.</summary>
internal sealed record SlackRoute(
    string Team,
    string Channel,
    string User,
    string? ThreadTs = null,
    string? ResponseUrl = null,
    bool IsDirect = false)
{
    /// <summary>The message the user acted on or wrote under (a notice message, for context lookup).</summary>
    public string? ContextTs { get; init; }

    public string? EnterpriseId { get; init; }

    public string? ChannelName { get; init; }
}

/// <summary>A translated Slack input: the platform-neutral message and how to answer it.</summary>
internal sealed record SlackInbound(IncomingMessage Message, SlackRoute Route)
{
    /// <summary>The typed action of the button pressed, when the input is a button press.</summary>
    public ButtonAction? Pressed { get; init; }
}

/// <summary>A slash command's form fields (docs/platforms.md#slack-commands).</summary>
internal sealed record SlackCommand(
    string Command,
    string Text,
    string TeamId,
    string ChannelId,
    string UserId,
    string ResponseUrl)
{
    public string? EnterpriseId { get; init; }
    public string? ChannelName { get; init; }
    public string? UserName { get; init; }
    public string? TriggerId { get; init; }

    /// <summary>Reads the form; null with <paramref name="error"/> naming what is missing.</summary>
    public static SlackCommand? FromForm(IReadOnlyDictionary<string, string> form, out string? error)
    {
        string? Get(string key) => form.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        var missing = new[] { "command", "team_id", "channel_id", "user_id", "response_url" }.Where(k => Get(k) is null).ToList();
        if (missing.Count > 0)
        {
            error = "missing " + string.Join(", ", missing);
            return null;
        }

        if (!SlackIds.AreShort(Get("team_id"), Get("channel_id"), Get("user_id"), Get("enterprise_id")))
        {
            error = $"team_id, channel_id, user_id and enterprise_id must be Slack ids of at most {SlackIds.MaxLength} characters";
            return null;
        }

        if (!Uri.TryCreate(Get("response_url"), UriKind.Absolute, out _))
        {
            error = "response_url is not an absolute URL";
            return null;
        }

        error = null;
        return new SlackCommand(Get("command")!, form.GetValueOrDefault("text") ?? "", Get("team_id")!, Get("channel_id")!, Get("user_id")!, Get("response_url")!)
        {
            EnterpriseId = Get("enterprise_id"),
            ChannelName = Get("channel_name"),
            UserName = Get("user_name"),
            TriggerId = Get("trigger_id"),
        };
    }
}

/// <summary>Slack's ids (teams, channels, users, events) are a dozen characters; one far longer is not
/// from Slack and would only make oversized store keys.</summary>
internal static class SlackIds
{
    public const int MaxLength = 64;

    public static bool AreShort(params ReadOnlySpan<string?> ids)
    {
        foreach (var id in ids)
        {
            if (id is { Length: > MaxLength })
            {
                return false;
            }
        }

        return true;
    }
}
