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
}
