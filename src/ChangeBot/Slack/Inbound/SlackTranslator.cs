using System.Text.RegularExpressions;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Pure translation of Slack inputs into <see cref="IncomingMessage"/>s: no I/O, so every rule (what
/// to ignore, mention stripping, direct vs channel) is unit-tested on recorded payloads.
/// </summary>
internal static partial class SlackTranslator
{
    public static string UserId(string slackUserId) => "slack:" + slackUserId;

    /// <summary>An Events API message the bot should answer, or null for everything it ignores:
    /// its own and other bots' messages, edits and other subtypes, channel chatter without a mention.</summary>
    public static SlackInbound? FromEvent(SlackEnvelope envelope)
    {
        var e = envelope.Event;
        if (e is null || envelope.TeamId is null || e.Channel is null || e.User is null || e.Ts is null
            || e.BotId is not null || e.Subtype is not null)
        {
            return null;
        }

        var botUser = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
        if (e.User == botUser)
        {
            return null;
        }

        // Channels: answer only when mentioned (app_mention). A message event is answered only in a DM,
        // so a mention in a channel is not answered twice.
        var isDirect = e.ChannelType == "im";
        var accepted = e.Type switch
        {
            "app_mention" => true,
            "message" => isDirect,
            _ => false,
        };
        if (!accepted)
        {
            return null;
        }

        var text = StripMention(e.Text ?? "", botUser);
        var message = new IncomingMessage
        {
            Address = new ConversationAddress(Platforms.Slack, envelope.TeamId, e.Channel),
            ReplyLimit = ReplyLimits.Slack,
            UserId = UserId(e.User),
            Text = text,
            IsDirect = isDirect,
        };

        // In a channel, answer in a thread under the mention so the channel stays readable.
        var thread = e.ThreadTs ?? (isDirect ? null : e.Ts);
        var route = new SlackRoute(envelope.TeamId, e.Channel, e.User, thread, IsDirect: isDirect)
        {
            ContextTs = e.ThreadTs,
            EnterpriseId = envelope.EnterpriseId,
        };
        return new SlackInbound(message, route);
    }

    public static SlackInbound FromCommand(SlackCommand command)
    {
        var isDirect = command.ChannelId.StartsWith('D') || command.ChannelName == "directmessage";
        var message = new IncomingMessage
        {
            Address = new ConversationAddress(Platforms.Slack, command.TeamId, command.ChannelId),
            ReplyLimit = ReplyLimits.Slack,
            UserId = UserId(command.UserId),
            UserName = command.UserName,
            Text = command.Text.Trim(),
            IsDirect = isDirect,
        };
        var route = new SlackRoute(command.TeamId, command.ChannelId, command.UserId, ResponseUrl: command.ResponseUrl, IsDirect: isDirect)
        {
            EnterpriseId = command.EnterpriseId,
            ChannelName = command.ChannelName,
        };
        return new SlackInbound(message, route);
    }

    /// <summary>A button press becomes the text of its typed action (<see cref="CommandParser.Text"/>); a button
    /// posted before buttons carried typed actions still carries its command text.</summary>
    public static SlackInbound? FromAction(SlackInteraction payload, SlackAction action)
    {
        var team = payload.Team?.Id ?? payload.User?.TeamId;
        var channel = payload.Channel?.Id ?? payload.Container?.ChannelId;
        var user = payload.User?.Id;
        if (team is null || channel is null || user is null || string.IsNullOrWhiteSpace(action.Value))
        {
            return null;
        }

        var pressed = ButtonActionJson.Parse(action.Value);
        var isDirect = channel.StartsWith('D');
        var messageTs = payload.Container?.MessageTs ?? payload.Message?.Ts;
        var threadRoot = payload.Container?.ThreadTs ?? payload.Message?.ThreadTs ?? messageTs;
        var message = new IncomingMessage
        {
            Address = new ConversationAddress(Platforms.Slack, team, channel),
            ReplyLimit = ReplyLimits.Slack,
            UserId = UserId(user),
            UserName = payload.User?.Name ?? payload.User?.Username,
            Text = pressed is null ? action.Value.Trim() : CommandParser.Text(pressed),
            IsDirect = isDirect,
        };
        var route = new SlackRoute(team, channel, user, threadRoot, payload.ResponseUrl, isDirect)
        {
            ContextTs = threadRoot,
            EnterpriseId = payload.Enterprise?.Id,
            ChannelName = payload.Channel?.Name,
        };
        return new SlackInbound(message, route) { Pressed = pressed };
    }

    /// <summary>Removes the bot's own mention (<c>&lt;@U123&gt;</c> or <c>&lt;@U123|name&gt;</c>); when the
    /// bot's id is unknown, a leading mention is taken to be the bot's.</summary>
    public static string StripMention(string text, string? botUserId)
    {
        var stripped = botUserId is null
            ? LeadingMention().Replace(text, "", 1)
            : text.Replace($"<@{botUserId}>", "", StringComparison.Ordinal);
        if (botUserId is not null)
        {
            stripped = Regex.Replace(stripped, "<@" + Regex.Escape(botUserId) + @"\|[^>]*>", "");
        }

        return Whitespace().Replace(stripped, " ").Trim();
    }

    [GeneratedRegex(@"^\s*<@[A-Z0-9]+(\|[^>]*)?>")]
    private static partial Regex LeadingMention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
