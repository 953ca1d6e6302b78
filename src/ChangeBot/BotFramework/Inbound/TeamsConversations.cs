using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>
/// Remembers where the bot can post (a ConversationReference with the service URL, tenant, bot id and
/// conversation type) whenever it is installed or spoken to, so broadcasts and reminders can reach the
/// conversation later. The service URL is refreshed from every activity because Teams may move it.
/// </summary>
internal sealed class TeamsConversations(IChangeBotStore store, ConversationMemory memory, ChannelPresence presence, BotFrameworkOptions options, TimeProvider time)
{
    public const string RemovedReason = "ChangeBot was removed from this Teams conversation.";

    /// <summary>Stores the conversation as active (and, if it had been removed, back).</summary>
    public Task RememberAsync(Activity activity, CancellationToken ct) => memory.RememberAsync(Reference(activity), everyTurn: true, ct);

    /// <summary>Where the bot can post in the activity's conversation. The team is the group: removing the bot
    /// from a team removes it from all of the team's channels.</summary>
    public ConversationReference Reference(Activity activity)
    {
        var data = new TeamsConversationData(
            activity.ServiceUrl!,
            ActivityTranslator.TenantId(activity)!,
            activity.Recipient?.Id ?? options.BotAccountId,
            activity.Recipient?.Name,
            ActivityTranslator.ConversationType(activity),
            activity.ChannelData?.Team?.Id);
        return new ConversationReference(ActivityTranslator.Address(activity), DisplayName(activity), data.ToJson(), time.GetUtcNow()) { Group = data.TeamId };
    }

    /// <summary>The bot was removed: the conversation (and, for a team, every channel of it we know) is gone.</summary>
    public Task ForgetAsync(Activity activity, CancellationToken ct) =>
        presence.ChannelGoneAsync(ConversationScope.WithGroup(ActivityTranslator.Address(activity), activity.ChannelData?.Team?.Id), RemovedReason, ct);

    /// <summary>A channel or team was renamed: keep the stored name current.</summary>
    public async Task RenameAsync(Activity activity, CancellationToken ct)
    {
        var address = ActivityTranslator.Address(activity);
        if (await store.GetConversationAsync(address.Key, ct) is { } reference && DisplayName(activity) is { } name)
        {
            await store.UpsertConversationAsync(reference with { DisplayName = name, UpdatedAt = time.GetUtcNow() }, ct);
        }
    }

    /// <summary>"Team › Channel", the group chat's topic, or "Chat with Name".</summary>
    private static string? DisplayName(Activity activity)
    {
        var data = activity.ChannelData;
        if (ActivityTranslator.ConversationType(activity) == "channel")
        {
            var channel = data?.Channel?.Name ?? (data?.Channel?.Id is { } id && id == data.Team?.Id ? "General" : null);
            return (data?.Team?.Name, channel) switch
            {
                ({ } team, { } ch) => $"{team} › {ch}",
                ({ } team, null) => team,
                (null, { } ch) => ch,
                _ => null,
            };
        }

        if (!string.IsNullOrWhiteSpace(activity.Conversation?.Name))
        {
            return activity.Conversation.Name;
        }

        return ActivityTranslator.IsDirect(activity) && activity.From?.Name is { Length: > 0 } user ? $"Chat with {user}" : null;
    }
}
