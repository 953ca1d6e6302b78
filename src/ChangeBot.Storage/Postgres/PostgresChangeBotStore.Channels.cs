using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage.Postgres;

/// <summary>Subscriptions, conversation references and platform secrets.</summary>
public sealed partial class PostgresChangeBotStore
{
    private const string UpsertSubscriptionSql = """
        INSERT INTO subscriptions (id, address, doc) VALUES ($1, $2, $3::jsonb)
        ON CONFLICT (id) DO UPDATE SET address = excluded.address, doc = excluded.doc
        """;

    public Task UpsertSubscriptionAsync(Subscription subscription, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return ExecuteAsync(UpsertSubscriptionSql, ct, subscription.Id, subscription.Address.Key, StoreJson.Serialize(subscription));
    }

    public Task<int> RemoveSubscriptionsAsync(ConversationAddress address, IReadOnlyList<string>? filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return filters is null
            ? ExecuteAsync("DELETE FROM subscriptions WHERE address = $1", ct, address.Key)
            : ExecuteAsync("DELETE FROM subscriptions WHERE id = $1", ct, StoreRules.SubscriptionId(address, filters));
    }

    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ConversationAddress? address = null, CancellationToken ct = default) =>
        address is null
            ? await QueryAsync<Subscription>("SELECT doc FROM subscriptions ORDER BY id", ct)
            : await QueryAsync<Subscription>("SELECT doc FROM subscriptions WHERE address = $1 ORDER BY id", ct, address.Key);

    /// <summary>From the index of Migrations/0008_broken_subscriptions.sql: the few broken rows, not every
    /// subscription parsed to find them.</summary>
    public async Task<IReadOnlyList<Subscription>> ListBrokenSubscriptionsAsync(CancellationToken ct = default) =>
        await QueryAsync<Subscription>("SELECT doc FROM subscriptions WHERE doc->>'brokenReason' IS NOT NULL ORDER BY id", ct);

    public async Task MarkChannelBrokenAsync(ConversationAddress address, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        // Read, change in C#, write back, under the rows' locks: the record's own rules shape the document.
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        List<Subscription> subscriptions;
        await using (var read = Command(connection, transaction, "SELECT doc FROM subscriptions WHERE address = $1 FOR UPDATE", address.Key))
        {
            subscriptions = await ReadDocumentsAsync<Subscription>(read, ct);
        }

        foreach (var subscription in subscriptions)
        {
            var marked = subscription with { BrokenReason = reason };
            await using var write = Command(connection, transaction, UpsertSubscriptionSql, marked.Id, marked.Address.Key, StoreJson.Serialize(marked));
            await write.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<int> MarkConversationsGoneAsync(ConversationScope scope, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(reason);
        // Keys of a workspace are the range [prefix, prefix with its last ':' raised to ';'): byte-wise
        // (COLLATE "C") nothing else sorts there, and a range uses the primary key's index. A group is
        // looked for within that range only, so no query reads other workspaces' conversations.
        var (low, high) = (scope.KeyPrefix, scope.KeyPrefix[..^1] + ";");
        var one = scope.KeyPrefix + scope.Conversation;
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (conversationSql, conversationArgs) = (scope.Conversation, scope.Group) switch
        {
            (null, _) => ("address_key >= $1 AND address_key < $2", new object[] { low, high }),
            (_, null) => ("address_key = $1", [one]),
            (_, { } group) => ("address_key = $1 OR (doc->>'group' = $2 AND address_key >= $3 AND address_key < $4)", [one, group, low, high]),
        };
        List<ConversationReference> conversations;
        await using (var read = Command(connection, transaction, $"SELECT doc FROM conversations WHERE {conversationSql} FOR UPDATE", conversationArgs))
        {
            conversations = await ReadDocumentsAsync<ConversationReference>(read, ct);
        }

        foreach (var reference in conversations)
        {
            var gone = reference with { Active = false, UpdatedAt = at };
            await using var write = Command(connection, transaction, "UPDATE conversations SET doc = $2::jsonb WHERE address_key = $1", gone.Address.Key, StoreJson.Serialize(gone));
            await write.ExecuteNonQueryAsync(ct);
        }

        var (subscriptionSql, subscriptionArgs) = scope.Conversation is null
            ? ("address >= $1 AND address < $2", new object[] { low, high })
            : ("address = ANY($1)", [conversations.Select(c => c.Address.Key).Append(one).Distinct(StringComparer.Ordinal).ToArray()]);
        List<Subscription> subscriptions;
        await using (var read = Command(connection, transaction, $"SELECT doc FROM subscriptions WHERE {subscriptionSql} FOR UPDATE", subscriptionArgs))
        {
            subscriptions = await ReadDocumentsAsync<Subscription>(read, ct);
        }

        foreach (var subscription in subscriptions)
        {
            var marked = subscription with { BrokenReason = reason };
            await using var write = Command(connection, transaction, UpsertSubscriptionSql, marked.Id, marked.Address.Key, StoreJson.Serialize(marked));
            await write.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return subscriptions.Count;
    }

    public Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return ExecuteAsync("""
            INSERT INTO conversations (address_key, doc) VALUES ($1, $2::jsonb)
            ON CONFLICT (address_key) DO UPDATE SET doc = excluded.doc
            """, ct, reference.Address.Key, StoreJson.Serialize(reference));
    }

    public Task<ConversationReference?> GetConversationAsync(string addressKey, CancellationToken ct = default) =>
        QuerySingleAsync<ConversationReference>("SELECT doc FROM conversations WHERE address_key = $1", ct, addressKey);

    public Task SetSecretAsync(string key, string value, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return ExecuteAsync("""
            INSERT INTO secrets (key, value) VALUES ($1, $2)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, ct, key, value);
    }

    public Task<string?> GetSecretAsync(string key, CancellationToken ct = default) =>
        ScalarAsync<string>("SELECT value FROM secrets WHERE key = $1", ct, key);

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListSecretsAsync(string keyPrefix, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        // starts_with, not LIKE: a prefix may hold '%' or '_'.
        await using var command = Command("SELECT key, value FROM secrets WHERE starts_with(key, $1) ORDER BY key COLLATE \"C\"", [keyPrefix]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var secrets = new List<KeyValuePair<string, string>>();
        while (await reader.ReadAsync(ct))
        {
            secrets.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        return secrets;
    }
}
