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
        Forget(AllSubscriptions);
        return Task.CompletedTask;
    }

    public Task<int> RemoveSubscriptionsAsync(ConversationAddress address, IReadOnlyList<string>? filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ct.ThrowIfCancellationRequested();
        var removed = filters is null
            ? _subscriptions.DeleteMany(Query.EQ(Columns.Address, address.Key))
            : _subscriptions.Delete(StoreRules.SubscriptionId(address, filters)) ? 1 : 0;
        Forget(AllSubscriptions);
        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ConversationAddress? address = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        IEnumerable<Subscription> Read(IEnumerable<BsonDocument> docs) => docs
            .Select(d => StoreJson.Deserialize<Subscription>(d[Columns.Json].AsString))
            .OrderBy(s => s.Id, StringComparer.Ordinal);
        return Task.FromResult(address is null
            ? CachedRead(AllSubscriptions, () => Read(_subscriptions.FindAll()))
            : [.. Read(_subscriptions.Find(Query.EQ(Columns.Address, address.Key)))]);
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
        Forget(AllSubscriptions);
        return Task.CompletedTask;
    }

    public Task<int> MarkConversationsGoneAsync(ConversationScope scope, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(reason);
        ct.ThrowIfCancellationRequested();
        var marked = InTransaction(() =>
        {
            var gone = new HashSet<string>(StringComparer.Ordinal);
            foreach (var doc in _conversations.Find(ConversationsIn(scope)).ToList())
            {
                var reference = StoreJson.Deserialize<ConversationReference>(doc[Columns.Json].AsString);
                gone.Add(reference.Address.Key);
                _conversations.Update(ConversationDocument(reference with { Active = false, UpdatedAt = at }));
            }

            var addresses = scope.Conversation is null
                ? Query.StartsWith(Columns.Address, scope.KeyPrefix)
                : Query.In(Columns.Address, new BsonArray(gone.Append(scope.KeyPrefix + scope.Conversation).Distinct().Select(k => new BsonValue(k))));
            var marked = 0;
            foreach (var doc in _subscriptions.Find(addresses).ToList())
            {
                var subscription = StoreJson.Deserialize<Subscription>(doc[Columns.Json].AsString);
                _subscriptions.Update(SubscriptionDocument(subscription with { BrokenReason = reason }));
                marked++;
            }

            return marked;
        });
        Forget(AllSubscriptions);
        return Task.FromResult(marked);
    }

    /// <summary>The scope's conversations, by the key and group indexes.</summary>
    private static BsonExpression ConversationsIn(ConversationScope scope)
    {
        if (scope.Conversation is null)
        {
            return Query.StartsWith(Columns.Id, scope.KeyPrefix);
        }

        var one = Query.EQ(Columns.Id, scope.KeyPrefix + scope.Conversation);
        return scope.Group is null
            ? one
            : Query.Or(one, Query.And(Query.EQ(Columns.Group, scope.Group), Query.StartsWith(Columns.Id, scope.KeyPrefix)));
    }

    public Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ct.ThrowIfCancellationRequested();
        _conversations.Upsert(ConversationDocument(reference));
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

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListSecretsAsync(string keyPrefix, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        ct.ThrowIfCancellationRequested();
        // LiteDB's StartsWith follows the database collation; the ordinal check keeps the port's contract.
        IReadOnlyList<KeyValuePair<string, string>> secrets = _secrets.Find(Query.StartsWith(Columns.Id, keyPrefix))
            .Select(d => new KeyValuePair<string, string>(d[Columns.Id].AsString, d[Columns.Value].AsString))
            .Where(s => s.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(secrets);
    }

    private static BsonDocument ConversationDocument(ConversationReference reference) => new()
    {
        [Columns.Id] = reference.Address.Key,
        [Columns.Group] = reference.Group is null ? BsonValue.Null : new BsonValue(reference.Group),
        [Columns.Json] = StoreJson.Serialize(reference),
    };

    private static BsonDocument SubscriptionDocument(Subscription subscription) => new()
    {
        [Columns.Id] = subscription.Id,
        [Columns.Address] = subscription.Address.Key,
        [Columns.Json] = StoreJson.Serialize(subscription),
    };
}
