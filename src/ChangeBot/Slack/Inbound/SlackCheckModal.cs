using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// A button whose action needs a target ("Check an endpoint"): a modal asks for the endpoint (prefilled with
/// the action's suggestion, e.g. the notice's test host), and its submission is the action with that target
/// (<see cref="CommandParser.Text"/>). When the modal cannot open (trigger expired), the user is told what to
/// type instead.
/// </summary>
internal sealed class SlackCheckModal(SlackApiClient api, SlackResponder responder)
{
    public const string CallbackId = "changebot-check";
    public const string TargetBlockId = "target";
    private const string TargetActionId = "value";

    public async Task OpenAsync(SlackInbound inbound, string triggerId, ButtonAction action, CancellationToken ct)
    {
        var route = inbound.Route;
        var noticeId = action.NoticeId;
        var state = new CheckModalState(route.Team, route.Channel, route.ThreadTs, noticeId, route.IsDirect);
        try
        {
            await api.OpenViewAsync(new SlackWorkspace(route.Team, route.EnterpriseId), triggerId, View(state, action.SuggestedTarget), ct);
        }
        catch (SlackApiException)
        {
            var example = CommandParser.Text(ButtonAction.CheckEndpoint(noticeId, null), "api.example.com");
            await responder.SendAsync(route, [Reply.Plain($"Which endpoint should I check? Type /changebot {example} (host, host:port or https URL).", isPrivate: true)], ct);
        }
    }

    /// <summary>The submitted check as an incoming message, or null with <paramref name="fieldError"/>
    /// set when the input is unusable (shown next to the field).</summary>
    public static SlackInbound? ReadSubmission(SlackInteraction payload, out string? fieldError)
    {
        fieldError = null;
        CheckModalState? state;
        try
        {
            state = payload.View?.PrivateMetadata is { Length: > 0 } meta
                ? JsonSerializer.Deserialize(meta, SlackInboundJson.Default.CheckModalState)
                : null;
        }
        catch (JsonException)
        {
            state = null;
        }

        var user = payload.User?.Id;
        if (state is null || user is null)
        {
            return null;
        }

        var target = payload.View?.State?.Values?.GetValueOrDefault(TargetBlockId)?.GetValueOrDefault(TargetActionId)?.Value?.Trim();
        if (string.IsNullOrEmpty(target) || target.Length > 255 || target.Any(char.IsWhiteSpace))
        {
            fieldError = "Enter one host name, host:port or https URL, e.g. api.example.com.";
            return null;
        }

        var text = CommandParser.Text(ButtonAction.CheckEndpoint(state.NoticeId, null), target);
        var message = new IncomingMessage
        {
            Address = new Core.Subscriptions.ConversationAddress(Core.Subscriptions.Platforms.Slack, state.Team, state.Channel),
            ReplyLimit = ReplyLimits.Slack,
            UserId = SlackTranslator.UserId(user),
            UserName = payload.User?.Name ?? payload.User?.Username,
            Text = text,
            IsDirect = state.IsDirect,
        };
        var route = new SlackRoute(state.Team, state.Channel, user, state.ThreadTs, IsDirect: state.IsDirect) { ContextTs = state.ThreadTs };
        return new SlackInbound(message, route);
    }

    private static JsonObject View(CheckModalState state, string? initialTarget)
    {
        var hint = state.NoticeId is null
            ? "ChangeBot connects to it and reports the certificate chain and whether it is trusted."
            : $"ChangeBot connects to it and says whether its chain matches what notice {state.NoticeId} announces.";
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["private_metadata"] = JsonSerializer.Serialize(state, SlackInboundJson.Default.CheckModalState),
            ["title"] = PlainText("Check an endpoint"),
            ["submit"] = PlainText("Check"),
            ["close"] = PlainText("Cancel"),
            ["blocks"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "input",
                    ["block_id"] = TargetBlockId,
                    ["label"] = PlainText("Endpoint (host, host:port or https URL)"),
                    ["element"] = Input(initialTarget),
                },
                new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(PlainText(hint)) }),
        };
    }

    private static JsonObject Input(string? initialTarget)
    {
        var input = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = TargetActionId,
            ["max_length"] = 255,
            ["placeholder"] = PlainText("api.example.com"),
        };
        if (initialTarget is { Length: <= 255 })
        {
            input["initial_value"] = initialTarget;
        }

        return input;
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
