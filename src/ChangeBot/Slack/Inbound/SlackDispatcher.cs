using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Turns;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Decides the immediate answer to each Slack delivery and queues the slow work behind it. Shared by
/// the HTTP endpoints (after signature verification) and Socket Mode (authenticated by its socket).
/// Nothing here touches the store or the network, so the ack stays fast.
/// </summary>
internal sealed class SlackDispatcher(TurnQueue queue, CommandParser parser, ILogger<SlackDispatcher> logger)
{
    public SlackAck DispatchEvent(SlackEnvelope envelope)
    {
        switch (envelope.Type)
        {
            case "url_verification":
                return envelope.Challenge is { } challenge ? new SlackAck(StatusCodes.Status200OK, challenge) : SlackAck.Bad("url_verification without challenge");
            case "app_rate_limited":
                SlackLog.EventsRateLimited(logger, envelope.TeamId ?? "unknown");
                return SlackAck.Ok();
            case "event_callback":
                if (envelope.EventId is null || envelope.TeamId is null || envelope.Event?.Type is null)
                {
                    return SlackAck.Bad("event_callback needs event_id, team_id and event.type");
                }

                if (!SlackIds.AreShort(envelope.EventId, envelope.TeamId, envelope.EnterpriseId))
                {
                    return SlackAck.Bad($"event_id, team_id and enterprise_id must be Slack ids of at most {SlackIds.MaxLength} characters");
                }

                return Enqueue($"event {envelope.EventId}", (sp, ct) => sp.GetRequiredService<SlackEventProcessor>().ProcessAsync(envelope, ct));
            case null:
                return SlackAck.Bad("missing type");
            default:
                return SlackAck.Ok();
        }
    }

    public SlackAck DispatchCommand(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("ssl_check") == "1")
        {
            return SlackAck.Ok();
        }

        var command = SlackCommand.FromForm(form, out var problem);
        if (command is null)
        {
            return SlackAck.Bad(problem!);
        }

        var inbound = SlackTranslator.FromCommand(command);
        var ack = Enqueue($"command from {command.TeamId}", (sp, ct) => sp.GetRequiredService<SlackConversations>().HandleAsync(inbound, ct));
        if (!ack.IsOk)
        {
            // Slash commands are not retried, so say so instead of failing silently.
            return new SlackAck(StatusCodes.Status200OK, Json: Ephemeral("ChangeBot is very busy right now; please try again in a minute."));
        }

        // A check can take a few seconds; show that it started.
        return parser.IsCheck(command.Text)
            ? new SlackAck(StatusCodes.Status200OK, Json: Ephemeral("Checking… the result follows here."))
            : ack;
    }

    public SlackAck DispatchInteraction(SlackInteraction payload)
    {
        switch (payload.Type)
        {
            case "block_actions":
                return DispatchActions(payload);
            case "view_submission" when payload.View?.CallbackId == SlackCheckModal.CallbackId:
                return DispatchCheckSubmission(payload);
            case null:
                return SlackAck.Bad("missing type");
            default:
                return SlackAck.Ok();
        }
    }

    private SlackAck DispatchActions(SlackInteraction payload)
    {
        if ((payload.Team?.Id ?? payload.User?.TeamId) is null || payload.User?.Id is null)
        {
            return SlackAck.Bad("block_actions needs team and user");
        }

        foreach (var action in payload.Actions ?? [])
        {
            if (SlackTranslator.FromAction(payload, action) is not { } inbound)
            {
                continue;
            }

            // A button that needs a target ("Check an endpoint") opens a prompt, prefilled with its suggestion.
            var ack = inbound.Pressed is { NeedsTarget: true } pressed && payload.TriggerId is { } trigger
                ? Enqueue("check prompt", (sp, ct) => sp.GetRequiredService<SlackCheckModal>().OpenAsync(inbound, trigger, pressed, ct))
                : Enqueue("button", (sp, ct) => sp.GetRequiredService<SlackConversations>().HandleAsync(inbound, ct));
            if (!ack.IsOk)
            {
                return ack;
            }
        }

        return SlackAck.Ok();
    }

    private SlackAck DispatchCheckSubmission(SlackInteraction payload)
    {
        var submission = SlackCheckModal.ReadSubmission(payload, out var fieldError);
        if (submission is null)
        {
            return fieldError is null
                ? SlackAck.Bad("check submission without its state")
                : new SlackAck(StatusCodes.Status200OK, Json: new JsonObject
                {
                    ["response_action"] = "errors",
                    ["errors"] = new JsonObject { [SlackCheckModal.TargetBlockId] = fieldError },
                });
        }

        return Enqueue("check submission", (sp, ct) => sp.GetRequiredService<SlackConversations>().HandleAsync(submission, ct));
    }

    private SlackAck Enqueue(string name, Func<IServiceProvider, CancellationToken, Task> work)
    {
        if (queue.TryEnqueue(new TurnWork(name, work)) is not null)
        {
            return SlackAck.Ok();
        }

        SlackLog.QueueFull(logger, name);
        return SlackAck.Busy();
    }

    private static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };
}
