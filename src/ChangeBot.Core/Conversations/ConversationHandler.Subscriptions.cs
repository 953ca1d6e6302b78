using ChangeBot.Core.Operations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Conversations;

public sealed partial class ConversationHandler
{
    private async Task<Reply> SubscribeAsync(IncomingMessage message, IReadOnlyList<string> args, CancellationToken ct)
    {
        var filters = Normalise(args);
        var existing = await subscriptions.ListSubscriptionsAsync(message.Address, ct);
        var subscription = new Subscription(message.Address, filters, message.UserId, time.GetUtcNow());
        if (existing.Any(s => s.Id == subscription.Id && !s.IsBroken))
        {
            return Reply.Plain($"This conversation is already subscribed to {Describe(filters)}.");
        }

        await subscriptions.UpsertSubscriptionAsync(subscription, ct);
        return Reply.Plain(message.EndsWithVisit
            ? $"Subscribed for this visit: I'll post {Describe(filters)} here while this page stays open. This chat ends when you "
                + "close it, so to hear about notices later, subscribe from Slack or Teams, or come back and type 'notices'."
            : $"Subscribed: I'll post {Describe(filters)} here. Type 'subscriptions' to see them all or 'unsubscribe' to stop.");
    }

    private async Task<Reply> UnsubscribeAsync(IncomingMessage message, IReadOnlyList<string> args, CancellationToken ct)
    {
        var filters = args.Count == 0 ? null : Normalise(args);
        var removed = await removal.RemoveAsync(message.Address, filters, Actor(message), ct);
        if (removed > 0)
        {
            return Reply.Plain(filters is null
                ? $"Unsubscribed: removed {Plural(removed, "subscription")}; I won't post notices here any more."
                : $"Unsubscribed from {Describe(filters)}.");
        }

        var current = await subscriptions.ListSubscriptionsAsync(message.Address, ct);
        return current.Count == 0
            ? Reply.Plain("This conversation has no subscriptions, so nothing changed.", isPrivate: true)
            : Reply.Plain($"There is no subscription with exactly those filters, so nothing changed. Current subscriptions:\n{List(current)}", isPrivate: true);
    }

    private async Task<Reply> ListSubscriptionsAsync(IncomingMessage message, CancellationToken ct)
    {
        var current = await subscriptions.ListSubscriptionsAsync(message.Address, ct);
        return current.Count == 0
            ? Reply.Plain("This conversation has no subscriptions. Type 'subscribe' for every notice, or 'subscribe <filters>' for some.")
            : Reply.Plain($"This conversation's subscriptions:\n{List(current)}");
    }

    private static List<string> Normalise(IReadOnlyList<string> args) =>
        [.. args.Select(a => a.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string Describe(IReadOnlyList<string> filters) =>
        filters.Count == 0 ? "every notice" : $"notices about {string.Join(", ", filters)}";

    private static string List(IEnumerable<Subscription> current) => string.Join('\n', current.Select(s =>
        $"• {(s.Filters.Count == 0 ? "every notice" : string.Join(", ", s.Filters))}"
        + (s.IsBroken ? $" (broken: {s.BrokenReason})" : "")));

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
