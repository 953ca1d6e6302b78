using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.Slack.Inbound;
using ChangeBot.Slack.WebApi;

namespace ChangeBot.Slack.SocketMode;

/// <summary>
/// Socket Mode (docs/platforms.md#slack-socket-mode), for running behind a firewall: asks apps.connections.open for a
/// WebSocket URL with the app-level token, hands each envelope's payload to the same dispatcher the HTTP
/// endpoints use and acks it with its <c>envelope_id</c> unless the work queue refused it (Slack redelivers
/// what is not acked; an ack would lose it). Reconnects with back-off,
/// and on Slack's <c>refresh_requested</c>; stops for good on <c>link_disabled</c>.
/// </summary>
internal sealed class SlackSocketModeService(
    SlackApiClient api,
    SlackDispatcher dispatcher,
    TimeProvider time,
    ILogger<SlackSocketModeService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var open = await api.OpenConnectionAsync(stoppingToken);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri(open.Url ?? throw new InvalidOperationException("apps.connections.open returned no url")), stoppingToken);
                SlackLog.SocketMode(logger, "connected");
                backoff = TimeSpan.FromSeconds(1);
                if (await ReceiveAsync(socket, stoppingToken) == Ending.Disabled)
                {
                    SlackLog.SocketMode(logger, "Socket Mode was turned off in the app settings (link_disabled); not reconnecting");
                    return;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                SlackLog.SocketModeFailed(logger, backoff, e);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private enum Ending { Reconnect, Disabled }

    private async Task<Ending> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        while (socket.State == WebSocketState.Open)
        {
            var frame = await ReadMessageAsync(socket, ct);
            if (frame is null)
            {
                return Ending.Reconnect;
            }

            var envelope = JsonNode.Parse(frame)?.AsObject();
            switch (envelope?["type"]?.GetValue<string>())
            {
                case "hello":
                    SlackLog.SocketMode(logger, "hello received");
                    break;
                case "disconnect":
                    var reason = envelope["reason"]?.GetValue<string>();
                    SlackLog.SocketMode(logger, "disconnect: " + reason);
                    return reason == "link_disabled" ? Ending.Disabled : Ending.Reconnect;
                default:
                    if (envelope?["envelope_id"]?.GetValue<string>() is { } id)
                    {
                        var ack = Dispatch(envelope);
                        if (ack.Status == StatusCodes.Status503ServiceUnavailable)
                        {
                            SlackLog.SocketMode(logger, "work queue full: envelope left unacked for Slack to redeliver");
                            break;
                        }

                        var reply = new JsonObject { ["envelope_id"] = id };
                        if (ack.Json is not null && envelope["accepts_response_payload"]?.GetValue<bool>() == true)
                        {
                            reply["payload"] = ack.Json.DeepClone();
                        }

                        await socket.SendAsync(Encoding.UTF8.GetBytes(reply.ToJsonString()), WebSocketMessageType.Text, true, ct);
                    }

                    break;
            }
        }

        return Ending.Reconnect;
    }

    /// <summary>The same decisions as over HTTP; a payload that cannot be read is acked anyway (Slack would
    /// only redeliver the same bytes) and logged.</summary>
    private SlackAck Dispatch(JsonObject envelope)
    {
        try
        {
            var payload = envelope["payload"];
            var ack = envelope["type"]?.GetValue<string>() switch
            {
                "events_api" => payload.Deserialize(SlackInboundJson.Default.SlackEnvelope) is { } e ? dispatcher.DispatchEvent(e) : SlackAck.Bad("empty payload"),
                "slash_commands" => dispatcher.DispatchCommand(Form(payload)),
                "interactive" => payload.Deserialize(SlackInboundJson.Default.SlackInteraction) is { } i ? dispatcher.DispatchInteraction(i) : SlackAck.Bad("empty payload"),
                _ => SlackAck.Ok(),
            };
            if (ack.Status == StatusCodes.Status400BadRequest)
            {
                SlackLog.Malformed(logger, "socket-mode", ack.Text ?? "bad payload");
            }

            return ack;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            SlackLog.Malformed(logger, "socket-mode", e.Message);
            return SlackAck.Bad(e.Message);
        }
    }

    /// <summary>Slash command fields arrive as a JSON object of strings instead of a form.</summary>
    private static Dictionary<string, string> Form(JsonNode? payload) =>
        payload is JsonObject o
            ? o.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : [];

    private static async Task<string?> ReadMessageAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > SlackRequestVerifier.MaxBodyBytes)
            {
                throw new InvalidDataException("Socket Mode frame too large.");
            }

            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
