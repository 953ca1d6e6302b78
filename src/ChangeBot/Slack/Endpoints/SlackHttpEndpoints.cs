using System.Text;
using System.Text.Json;
using ChangeBot.Slack.Inbound;
using Microsoft.AspNetCore.WebUtilities;

namespace ChangeBot.Slack.Endpoints;

/// <summary>
/// POST /slack/events, /slack/commands, /slack/interactions: verify the signature over the raw body,
/// then parse, then let the dispatcher ack and queue. Bad bodies get 400 and change nothing.
/// </summary>
internal static class SlackHttpEndpoints
{
    public static async Task<IResult> EventsAsync(HttpContext context, SlackRequestVerifier verifier, SlackDispatcher dispatcher, ILogger<SlackDispatcher> logger)
    {
        var (body, status) = await verifier.ReadVerifiedAsync(context);
        if (body is null)
        {
            return Results.StatusCode(status);
        }

        SlackEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, SlackInboundJson.Default.SlackEnvelope);
        }
        catch (JsonException e)
        {
            return Malformed(logger, context, "event body is not valid JSON: " + e.Message);
        }

        if (envelope is null)
        {
            return Malformed(logger, context, "event body is null");
        }

        return Respond(logger, context, dispatcher.DispatchEvent(envelope));
    }

    public static async Task<IResult> CommandsAsync(HttpContext context, SlackRequestVerifier verifier, SlackDispatcher dispatcher, ILogger<SlackDispatcher> logger)
    {
        var (body, status) = await verifier.ReadVerifiedAsync(context);
        if (body is null)
        {
            return Results.StatusCode(status);
        }

        return ReadForm(context, body, out var form) is { } problem
            ? Malformed(logger, context, problem)
            : Respond(logger, context, dispatcher.DispatchCommand(form));
    }

    public static async Task<IResult> InteractionsAsync(HttpContext context, SlackRequestVerifier verifier, SlackDispatcher dispatcher, ILogger<SlackDispatcher> logger)
    {
        var (body, status) = await verifier.ReadVerifiedAsync(context);
        if (body is null)
        {
            return Results.StatusCode(status);
        }

        if (ReadForm(context, body, out var form) is { } problem)
        {
            return Malformed(logger, context, problem);
        }

        if (form.GetValueOrDefault("payload") is not { Length: > 0 } json)
        {
            return Malformed(logger, context, "interaction without a payload field");
        }

        SlackInteraction? payload;
        try
        {
            payload = JsonSerializer.Deserialize(json, SlackInboundJson.Default.SlackInteraction);
        }
        catch (JsonException e)
        {
            return Malformed(logger, context, "interaction payload is not valid JSON: " + e.Message);
        }

        return payload is null
            ? Malformed(logger, context, "interaction payload is null")
            : Respond(logger, context, dispatcher.DispatchInteraction(payload));
    }

    /// <summary>Parses the verified bytes themselves (never the framework's re-read of the body).</summary>
    private static string? ReadForm(HttpContext context, byte[] body, out IReadOnlyDictionary<string, string> form)
    {
        form = new Dictionary<string, string>();
        if (!(context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return "expected application/x-www-form-urlencoded";
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "form body is not UTF-8";
        }

        var parsed = QueryHelpers.ParseQuery(text);
        if (parsed.Count == 0)
        {
            return "empty form body";
        }

        form = parsed.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return null;
    }

    private static IResult Respond(ILogger logger, HttpContext context, SlackAck ack)
    {
        if (ack.Status == StatusCodes.Status400BadRequest)
        {
            SlackLog.Malformed(logger, context.Request.Path, ack.Text ?? "bad request");
        }

        return ack.ToResult();
    }

    private static IResult Malformed(ILogger logger, HttpContext context, string problem) =>
        Respond(logger, context, SlackAck.Bad(problem));
}
