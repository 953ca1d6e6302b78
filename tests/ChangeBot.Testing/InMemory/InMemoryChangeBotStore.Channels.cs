using ChangeBot.Core.Subscriptions;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

/// <summary>Subscriptions, conversation references and platform secrets.</summary>
public sealed partial class InMemoryChangeBotStore
{
    public Task UpsertSubscriptionAsync(Subscription subscription, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_gate)
        {
            _subscriptions[subscription.Id] = subscription;
        }

        return Task.CompletedTask;
    }

    public Task<int> RemoveSubscriptionsAsync(ConversationAddress address, IReadOnlyList<string>? filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            var doomed = filters is null
                ? [.. _subscriptions.Values.Where(s => s.Address.Key == address.Key).Select(s => s.Id)]
                : new List<string> { StoreRules.SubscriptionId(address, filters) };
            return Task.FromResult(doomed.Count(id => _subscriptions.Remove(id)));
        }
    }

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ConversationAddress? address = null, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Subscription>>([.. _subscriptions.Values
                .Where(s => address is null || s.Address.Key == address.Key)
                .OrderBy(s => s.Id, StringComparer.Ordinal)]);
        }
    }

    public Task MarkChannelBrokenAsync(ConversationAddress address, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            foreach (var s in _subscriptions.Values.Where(s => s.Address.Key == address.Key).ToList())
            {
                _subscriptions[s.Id] = s with { BrokenReason = reason };
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> MarkConversationsGoneAsync(ConversationScope scope, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            var gone = _conversations.Values.Where(c => scope.Reaches(c.Address, c.Group)).Select(c => c.Address.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var key in gone)
            {
                _conversations[key] = _conversations[key] with { Active = false, UpdatedAt = at };
            }

            var marked = _subscriptions.Values.Where(s => gone.Contains(s.Address.Key) || scope.Reaches(s.Address, null)).ToList();
            foreach (var s in marked)
            {
                _subscriptions[s.Id] = s with { BrokenReason = reason };
            }

            return Task.FromResult(marked.Count);
        }
    }

    public Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            _conversations[reference.Address.Key] = reference;
        }

        return Task.CompletedTask;
    }

    public Task<ConversationReference?> GetConversationAsync(string addressKey, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.GetValueOrDefault(addressKey));
        }
    }

    public Task SetSecretAsync(string key, string value, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _secrets[key] = value;
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetSecretAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_secrets.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListSecretsAsync(string keyPrefix, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>(
                _secrets.Where(s => s.Key.StartsWith(keyPrefix, StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList());
        }
    }
}
