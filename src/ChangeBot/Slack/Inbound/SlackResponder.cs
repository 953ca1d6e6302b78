using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Slack.Rendering;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Sends the core's replies back where the user spoke: a slash command's answers through its
/// <c>response_url</c> (works even where the bot is not a member); private answers in a channel as
/// ephemeral messages; everything else as a message in the thread.
/// </summary>
internal sealed class SlackResponder(SlackApiClient api, ILogger<SlackResponder> logger)
{
    public async Task SendAsync(SlackRoute route, IReadOnlyList<Reply> replies, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            try
            {
                await SendOneAsync(route, reply, ct);
            }
            catch (SlackApiException e)
            {
                SlackLog.ReplyFailed(logger, route.Team + ":" + route.Channel, e.Error);
            }
        }
    }

    private async Task SendOneAsync(SlackRoute route, Reply reply, CancellationToken ct)
    {
        var message = BlockKitRenderer.Render(reply);
        var workspace = new SlackWorkspace(route.Team, route.EnterpriseId);
        var viaResponseUrl = route.ResponseUrl is not null && (route.ThreadTs is null || reply.Private);
        if (viaResponseUrl)
        {
            await api.PostToResponseUrlAsync(route.ResponseUrl!, ResponseBody(message, reply.Private), ct);
        }
        else if (reply.Private && !route.IsDirect)
        {
            await api.PostEphemeralAsync(workspace, route.Channel, route.User, message, route.ThreadTs, ct);
        }
        else
        {
            await api.PostMessageAsync(workspace, route.Channel, message, route.ThreadTs, ct);
        }
    }

    public static JsonObject ResponseBody(SlackMessage message, bool isPrivate) => new()
    {
        ["response_type"] = isPrivate ? "ephemeral" : "in_channel",
        ["replace_original"] = false,
        ["text"] = message.Text,
        ["blocks"] = message.Blocks.DeepClone(),
    };
}
