namespace ChangeBot.Core.Subscriptions;

/// <summary>
/// Where a conversation lives, independent of the chat platform: the platform name
/// (<see cref="Platforms"/>), the workspace or tenant, and the channel or conversation id.
/// Platform adapters keep whatever else they need to post there (service URLs, bot ids) in
/// <see cref="ConversationReference"/>.
/// </summary>
public sealed record ConversationAddress(string Platform, string Workspace, string Conversation)
{
    /// <summary>A stable key, unique across platforms: <c>platform:workspace:conversation</c>.</summary>
    public string Key => $"{Platform}:{Workspace}:{Conversation}";

    public override string ToString() => Key;

    /// <summary>Reads a <see cref="Key"/> back. Platform and workspace never contain ':'; the conversation
    /// id may (Teams ids such as <c>19:abc@thread.tacv2</c>), so it takes the rest.</summary>
    public static ConversationAddress Parse(string key)
    {
        var parts = key.Split(':', 3);
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"'{key}' is not a conversation key (platform:workspace:conversation).");
        }

        return new ConversationAddress(parts[0], parts[1], parts[2]);
    }
}

public static class Platforms
{
    public const string Slack = "slack";
    public const string Teams = "msteams";
    public const string DirectLine = "directline";
    public const string Cli = "cli";
}

/// <summary>A conversation the bot may post to later (proactively), with the adapter's own data as JSON.</summary>
public sealed record ConversationReference(
    ConversationAddress Address,
    string? DisplayName,
    string PlatformData,
    DateTimeOffset UpdatedAt,
    bool Active = true)
{
    /// <summary>What the conversation belongs to within its workspace, when the platform removes the bot from
    /// all of them at once (a Teams team's channels): <see cref="ConversationScope.WithGroup"/> reaches them.</summary>
    public string? Group { get; init; }
}
