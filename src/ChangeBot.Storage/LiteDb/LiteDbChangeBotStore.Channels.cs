using ChangeBot.Core.Subscriptions;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>Subscriptions, conversation references and platform secrets.</summary>
public sealed partial class LiteDbChangeBotStore
{
    public Task UpsertSubscriptionAsync(Subscription subscription, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ct.ThrowIfCancellationRequested();
        _subscriptions.Upsert(SubscriptionDocument(subscription));
        return Task.CompletedTask;
    }

    public Task<int> RemoveSubscriptionsAsync(ConversationAddress address, IReadOnlyList<string>? filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ct.ThrowIfCancellationRequested();
        var removed = filters is null
            ? _subscriptions.DeleteMany(Query.EQ(Columns.Address, address.Key))
            : _subscriptions.Delete(StoreRules.SubscriptionId(address, filters)) ? 1 : 0;
        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ConversationAddress? address = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var docs = address is null ? _subscriptions.FindAll() : _subscriptions.Find(Query.EQ(Columns.Address, address.Key));
        return Task.FromResult<IReadOnlyList<Subscription>>([.. docs
            .Select(d => StoreJson.Deserialize<Subscription>(d[Columns.Json].AsString))
            .OrderBy(s => s.Id, StringComparer.Ordinal)]);
    }

    public Task MarkChannelBrokenAsync(ConversationAddress address, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ct.ThrowIfCancellationRequested();
        InTransaction(() =>
        {
            foreach (var doc in _subscriptions.Find(Query.EQ(Columns.Address, address.Key)).ToList())
            {
                var subscription = StoreJson.Deserialize<Subscription>(doc[Columns.Json].AsString);
                _subscriptions.Update(SubscriptionDocument(subscription with { BrokenReason = reason }));
            }

            return 0;
        });
        return Task.CompletedTask;
    }

    public Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ct.ThrowIfCancellationRequested();
        _conversations.Upsert(new BsonDocument
        {
            [Columns.Id] = reference.Address.Key,
            [Columns.Json] = StoreJson.Serialize(reference),
        });
        return Task.CompletedTask;
    }

    public Task<ConversationReference?> GetConversationAsync(string addressKey, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var doc = _conversations.FindById(addressKey);
        return Task.FromResult(doc is null ? null : StoreJson.Deserialize<ConversationReference>(doc[Columns.Json].AsString));
    }

    public Task SetSecretAsync(string key, string value, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        ct.ThrowIfCancellationRequested();
        _secrets.Upsert(new BsonDocument { [Columns.Id] = key, [Columns.Value] = value });
        return Task.CompletedTask;
    }

    public Task<string?> GetSecretAsync(string key, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(_secrets.FindById(key)?[Columns.Value].AsString);
    }

    private static BsonDocument SubscriptionDocument(Subscription subscription) => new()
    {
        [Columns.Id] = subscription.Id,
        [Columns.Address] = subscription.Address.Key,
        [Columns.Json] = StoreJson.Serialize(subscription),
    };
}
