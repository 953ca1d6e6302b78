using System.Collections.Concurrent;

namespace ChangeBot.DirectLine;

/// <summary>
/// Every open Direct Line conversation of this process. Conversations are short-lived (a browser tab),
/// so they live in memory, bounded in number and history; idle ones are dropped, and a client that
/// polls a dropped one gets 404, which Direct Line clients read as "conversation ended".
/// </summary>
internal sealed class DirectLineConversations(TimeProvider time)
{
    public const int MaxConversations = 2_000;
    public const int MaxActivitiesPerConversation = 100;

    /// <summary>Conversations one client address (an IPv6 /64) may hold open at once; a tab is one.</summary>
    public const int MaxConversationsPerAddress = 10;

    /// <summary>A page left open keeps polling, which touches its conversation; this only drops the abandoned.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromHours(2);

    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();

    public int Count => _conversations.Count;

    /// <summary>A new conversation for the secret holder (not bounded per address).</summary>
    public DirectLineConversation Create() => TryCreate(clientAddress: null)!;

    /// <summary>A new conversation for <paramref name="clientAddress"/> (null: the secret holder, not bounded per
    /// address); null when that address already holds <see cref="MaxConversationsPerAddress"/>.</summary>
    public DirectLineConversation? TryCreate(string? clientAddress)
    {
        var now = time.GetUtcNow();
        lock (_createLock)
        {
            Prune(now);
            if (clientAddress is not null
                && _conversations.Values.Count(c => string.Equals(c.ClientAddress, clientAddress, StringComparison.Ordinal)) >= MaxConversationsPerAddress)
            {
                return null;
            }

            var conversation = new DirectLineConversation(Guid.NewGuid().ToString("N"), now, MaxActivitiesPerConversation, clientAddress);
            _conversations[conversation.Id] = conversation;
            return conversation;
        }
    }

    /// <summary>The conversation, touched (kept alive) by this use; null when unknown or dropped.</summary>
    public DirectLineConversation? Find(string id)
    {
        if (!_conversations.TryGetValue(id, out var conversation))
        {
            return null;
        }

        conversation.Touch(time.GetUtcNow());
        return conversation;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, conversation) in _conversations)
        {
            if (now - conversation.LastTouched > IdleLimit)
            {
                _conversations.TryRemove(id, out _);
            }
        }

        // Still full: drop the least recently used, so a flood of new conversations cannot exhaust memory.
        var excess = _conversations.Count - MaxConversations + 1;
        if (excess > 0)
        {
            foreach (var conversation in _conversations.Values.OrderBy(c => c.LastTouched).Take(excess).ToList())
            {
                _conversations.TryRemove(conversation.Id, out _);
            }
        }
    }
}
