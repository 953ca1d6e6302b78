namespace ChangeBot.Core.Subscriptions;

/// <summary>
/// Which conversations an event reaches: one conversation, one conversation and every other conversation of
/// its group (a Teams team's channels, see <see cref="ConversationReference.Group"/>), or a whole workspace
/// (a Slack app uninstall). Every match is within <see cref="Platform"/> and <see cref="Workspace"/>.
/// </summary>
public sealed record ConversationScope
{
    private ConversationScope(string platform, string workspace, string? conversation, string? group)
    {
        ArgumentException.ThrowIfNullOrEmpty(platform);
        ArgumentException.ThrowIfNullOrEmpty(workspace);
        (Platform, Workspace, Conversation, Group) = (platform, workspace, conversation, group);
    }

    public string Platform { get; }

    public string Workspace { get; }

    /// <summary>The one conversation named, or null for the whole workspace.</summary>
    public string? Conversation { get; }

    /// <summary>Conversations whose reference carries this group are reached too.</summary>
    public string? Group { get; }

    public static ConversationScope Of(ConversationAddress address) =>
        new(address.Platform, address.Workspace, address.Conversation, null);

    public static ConversationScope WithGroup(ConversationAddress address, string? group) =>
        new(address.Platform, address.Workspace, address.Conversation, string.IsNullOrEmpty(group) ? null : group);

    public static ConversationScope WholeWorkspace(string platform, string workspace) => new(platform, workspace, null, null);

    /// <summary>The address-key prefix every reached conversation has.</summary>
    public string KeyPrefix => $"{Platform}:{Workspace}:";

    /// <summary>Whether the conversation at <paramref name="address"/>, whose reference carries
    /// <paramref name="group"/>, is reached. Stores query the same rule.</summary>
    public bool Reaches(ConversationAddress address, string? group) =>
        address.Platform == Platform && address.Workspace == Workspace
        && (Conversation is null && Group is null
            || address.Conversation == Conversation
            || Group is not null && group == Group);

    public override string ToString() =>
        Conversation is null ? KeyPrefix + "*" : KeyPrefix + Conversation + (Group is null ? "" : $" (+ group {Group})");
}
