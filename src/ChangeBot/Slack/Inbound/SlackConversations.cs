using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// The slow half of every Slack input, run after the ack: remember the conversation for proactive
/// sends, add the context Slack does not send, ask the core, and answer.
/// </summary>
internal sealed class SlackConversations(
    IConversationHandler handler,
    IChangeBotStore store,
    SlackContextLookup context,
    SlackResponder responder,
    SeenConversations seen,
    SlackTokenProvider tokens,
    TimeProvider time)
{

    public async Task HandleAsync(SlackInbound inbound, CancellationToken ct)
    {
        var (message, route) = inbound;
        await RememberAsync(message.Address, route, ct);
        message = message with
        {
            UserTimeZone = await context.UserTimeZoneAsync(route, ct),
            ContextNoticeId = await context.NoticeForMessageAsync(message.Address, route.ContextTs, ct),
        };
        var replies = await handler.HandleAsync(message, ct);
        await responder.SendAsync(route, replies, ct);
    }

    /// <summary>Stores the conversation reference (at most every few minutes per channel and process).</summary>
    private async Task RememberAsync(ConversationAddress address, SlackRoute route, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!seen.IsDue(address.Key, now))
        {
            return;
        }

        var data = new JsonObject { ["team_id"] = route.Team, ["channel_id"] = route.Channel, ["is_im"] = route.IsDirect };
        if (route.EnterpriseId is not null)
        {
            data["enterprise_id"] = route.EnterpriseId;
            await tokens.RememberEnterpriseAsync(route.Team, route.EnterpriseId, ct);
        }

        await store.UpsertConversationAsync(new ConversationReference(address, route.ChannelName, data.ToJsonString(), now), ct);
        seen.Mark(address.Key, now);
    }
}

/// <summary>Which conversations this process stored recently, so chatty channels are not rewritten on every message.</summary>
internal sealed class SeenConversations
{
    private static readonly TimeSpan RememberEvery = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public bool IsDue(string key, DateTimeOffset now) => !_seen.TryGetValue(key, out var last) || now - last >= RememberEvery;

    public void Mark(string key, DateTimeOffset now)
    {
        if (_seen.Count > 10_000)
        {
            _seen.Clear();
        }

        _seen[key] = now;
    }
}
