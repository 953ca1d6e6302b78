using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>
/// Remembers where the bot can post (a ConversationReference with the service URL, tenant, bot id and
/// conversation type) whenever it is installed or spoken to, so broadcasts and reminders can reach the
/// conversation later. The service URL is refreshed from every activity because Teams may move it.
/// </summary>
internal sealed class TeamsConversations(IChangeBotStore store, BotFrameworkOptions options, TimeProvider time)
{
    public const string RemovedReason = "ChangeBot was removed from this Teams conversation.";

    /// <summary>Stores the conversation as active. True when it had been inactive (removed) before.</summary>
    public async Task<bool> RememberAsync(Activity activity, CancellationToken ct)
    {
        var address = ActivityTranslator.Address(activity);
        var existing = await store.GetConversationAsync(address.Key, ct);
        var data = new TeamsConversationData(
            activity.ServiceUrl!,
            ActivityTranslator.TenantId(activity)!,
            activity.Recipient?.Id ?? options.BotAccountId,
            activity.Recipient?.Name,
            ActivityTranslator.ConversationType(activity),
            activity.ChannelData?.Team?.Id);
        var name = DisplayName(activity) ?? existing?.DisplayName;
        await store.UpsertConversationAsync(new ConversationReference(address, name, data.ToJson(), time.GetUtcNow()), ct);
        return existing is { Active: false };
    }

    /// <summary>Marks the conversation (and, for a team, every channel of it we know) unusable, and its
    /// subscriptions broken so support sees why nothing arrives there any more.</summary>
    public async Task ForgetAsync(Activity activity, CancellationToken ct)
    {
        var address = ActivityTranslator.Address(activity);
        var addresses = new HashSet<ConversationAddress> { address };
        if (activity.ChannelData?.Team?.Id is { } teamId)
        {
            foreach (var subscription in await store.ListSubscriptionsAsync(null, ct))
            {
                if (subscription.Address.Platform == Platforms.Teams && subscription.Address.Workspace == address.Workspace
                    && await store.GetConversationAsync(subscription.Address.Key, ct) is { } other
                    && TeamsConversationData.FromJson(other.PlatformData)?.TeamId == teamId)
                {
                    addresses.Add(subscription.Address);
                }
            }
        }

        foreach (var each in addresses)
        {
            if (await store.GetConversationAsync(each.Key, ct) is { } reference)
            {
                await store.UpsertConversationAsync(reference with { Active = false, UpdatedAt = time.GetUtcNow() }, ct);
            }

            await store.MarkChannelBrokenAsync(each, RemovedReason, ct);
        }
    }

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
