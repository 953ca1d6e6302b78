using System.Net;
using System.Text.Json;
using ChangeBot.BotFramework.Schema;

namespace ChangeBot.BotFramework.Connector;

/// <summary>Maps Connector error answers (docs/platforms.md#bot-framework-errors "Errors worth mapping") to outcomes.</summary>
internal static class ConnectorErrors
{
    /// <summary>Statuses worth retrying in-process, with backoff or the server's Retry-After.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.PreconditionFailed or HttpStatusCode.TooManyRequests
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public static ConnectorResult Classify(HttpStatusCode status, string body, TimeSpan? retryAfter)
    {
        var (code, message) = ReadError(body);
        var error = $"Teams answered {(int)status}{(code is null ? "" : " " + code)}{(message is null ? "" : ": " + message)}";
        return status switch
        {
            // The proxy host must change (government clouds): our configuration, not a removed bot.
            HttpStatusCode.Forbidden when code == "InvalidBotApiHost" => new(ConnectorOutcome.Failed, Error: error),
            HttpStatusCode.Forbidden => new(ConnectorOutcome.Gone, Error: error),
            // A deleted message is not a deleted conversation.
            HttpStatusCode.NotFound when code == "ActivityNotFoundInConversation" => new(ConnectorOutcome.Failed, Error: error),
            HttpStatusCode.NotFound => new(ConnectorOutcome.Gone, Error: error),
            // Our credentials or registration (BotNotRegistered): every message fails until an operator fixes
            // the configuration, after which the same message goes through, so it stays retryable.
            HttpStatusCode.Unauthorized => new(ConnectorOutcome.Retryable, Error: error),
            _ when IsTransient(status) || (int)status >= 500 => new(ConnectorOutcome.Retryable, Error: error, RetryAfter: retryAfter),
            _ => new(ConnectorOutcome.Failed, Error: error),
        };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }

    private static (string? Code, string? Message) ReadError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(body, BotFrameworkJson.Default.ErrorResponse);
            return (parsed?.Error?.Code, Shorten(parsed?.Error?.Message));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Shorten(string? text) => text is { Length: > 300 } ? text[..300] + "…" : text;
}
