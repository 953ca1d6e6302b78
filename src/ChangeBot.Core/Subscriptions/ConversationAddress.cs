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
    bool Active = true);
