using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Subscriptions;

/// <summary>Removes a channel's subscriptions for chat (<c>unsubscribe</c>) and REST alike, and audits what
/// went in the actor's name; a removal that matched nothing changed nothing and is not audited.</summary>
public sealed class SubscriptionRemoval(ISubscriptionStore store, AuditTrail audit)
{
    /// <summary>Removes the subscriptions with exactly <paramref name="filters"/>, or all of the channel's when
    /// null; returns how many went.</summary>
    public async Task<int> RemoveAsync(ConversationAddress channel, IReadOnlyList<string>? filters, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var removed = await store.RemoveSubscriptionsAsync(channel, filters, ct);
        if (removed > 0)
        {
            var details = $"removed {removed} subscription(s) of {channel.Key}" + (filters is null ? "" : $" with filters {string.Join(',', filters)}");
            await audit.RecordAsync(actor, "unsubscribe", null, details, ct);
        }

        return removed;
    }
}
