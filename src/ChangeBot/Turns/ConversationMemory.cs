using System.Collections.Concurrent;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Turns;

/// <summary>
/// Keeps the stored conversation references current. A reference is rewritten at most every few minutes per
/// conversation and process (chatty channels would rewrite it on every message), unless the adapter asks for
/// every turn. A conversation the bot had been removed from is back once someone speaks there.
/// </summary>
internal sealed class ConversationMemory(IConversationStore store, ChannelPresence presence, TimeProvider time)
{
    private static readonly TimeSpan RememberEvery = TimeSpan.FromMinutes(10);
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _stored = new(StringComparer.Ordinal);

    public async Task RememberAsync(ConversationReference reference, bool everyTurn, CancellationToken ct)
    {
        var key = reference.Address.Key;
        var now = time.GetUtcNow();
        if (!everyTurn && _stored.TryGetValue(key, out var last) && now - last < RememberEvery)
        {
            return;
        }

        var existing = await store.GetConversationAsync(key, ct);
        await store.UpsertConversationAsync(reference with
        {
            DisplayName = reference.DisplayName ?? existing?.DisplayName,
            Group = reference.Group ?? existing?.Group,
            UpdatedAt = now,
        }, ct);
        if (existing is { Active: false })
        {
            await presence.ChannelBackAsync(reference.Address, ct);
        }

        if (_stored.Count > MaxRemembered)
        {
            _stored.Clear();
        }

        _stored[key] = now;
    }
}
