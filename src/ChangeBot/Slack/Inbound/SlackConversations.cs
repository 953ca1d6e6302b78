using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;
using ChangeBot.Turns;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// The slow half of every Slack message, run after the ack: add the context Slack does not send (the reader's
/// time zone, the notice a thread is under) and hand the turn to <see cref="TurnPipeline"/>, which remembers
/// the conversation, asks the core and answers through <see cref="SlackResponder"/>.
/// </summary>
internal sealed class SlackConversations(
    TurnPipeline pipeline,
    SlackContextLookup context,
    SlackResponder responder,
    SeenEnterprises enterprises,
    SlackTokenProvider tokens,
    TimeProvider time)
{
    public async Task HandleAsync(SlackInbound inbound, CancellationToken ct)
    {
        var (message, route) = inbound;
        await RememberEnterpriseAsync(route, ct);
        message = message with
        {
            UserTimeZone = await context.UserTimeZoneAsync(route, ct),
            ContextNoticeId = await context.NoticeForMessageAsync(message.Address, route.ContextTs, ct),
        };
        await pipeline.RunAsync(new Turn(message, new SlackReplySender(responder, route)) { Reference = Reference(message.Address, route) }, ct);
    }

    /// <summary>Where to post proactive messages: the workspace (and org) and channel.</summary>
    private ConversationReference Reference(ConversationAddress address, SlackRoute route)
    {
        var data = new JsonObject { ["team_id"] = route.Team, ["channel_id"] = route.Channel, ["is_im"] = route.IsDirect };
        if (route.EnterpriseId is not null)
        {
            data["enterprise_id"] = route.EnterpriseId;
        }

        return new ConversationReference(address, route.ChannelName, data.ToJsonString(), time.GetUtcNow());
    }

    /// <summary>An Enterprise Grid team's org, so tokens installed org-wide are found for it (at most every few
    /// minutes per team and process).</summary>
    private async Task RememberEnterpriseAsync(SlackRoute route, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (route.EnterpriseId is { } enterprise && enterprises.IsDue(route.Team, now))
        {
            await tokens.RememberEnterpriseAsync(route.Team, enterprise, ct);
            enterprises.Mark(route.Team, now);
        }
    }
}

/// <summary>Sends a turn's replies where the Slack message came from.</summary>
internal sealed class SlackReplySender(SlackResponder responder, SlackRoute route) : IReplySender
{
    public Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken ct) => responder.SendAsync(route, replies, ct);
}

/// <summary>Which teams' Enterprise Grid org this process stored recently, so it is not rewritten on every message.</summary>
internal sealed class SeenEnterprises
{
    private static readonly TimeSpan RememberEvery = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public bool IsDue(string team, DateTimeOffset now) => !_seen.TryGetValue(team, out var last) || now - last >= RememberEvery;

    public void Mark(string team, DateTimeOffset now)
    {
        if (_seen.Count > 10_000)
        {
            _seen.Clear();
        }

        _seen[team] = now;
    }
}
