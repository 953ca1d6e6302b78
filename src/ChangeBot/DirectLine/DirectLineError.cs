namespace ChangeBot.DirectLine;

/// <summary>Direct Line error bodies: <c>{"error":{"code","message"}}</c>; clients key on the status and the code.</summary>
internal static class DirectLineError
{
    public static IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Send Authorization: Bearer with the Direct Line secret or a token.");

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, "Forbidden", message);

    /// <summary>directlinejs reads 403 as "token expired" and stops until it gets a new token.</summary>
    public static IResult TokenExpired() =>
        Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired; start a new conversation or generate a new token.");

    public static IResult NotFound(string conversationId) =>
        Error(StatusCodes.Status404NotFound, "BadArgument", $"Conversation '{conversationId}' does not exist or has ended.");

    public static IResult BadArgument(string message) => Error(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult TooLarge(int limit) =>
        Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"An activity may be at most {limit} characters of JSON.");

    /// <summary>The bot's queue is full; clients retry later.</summary>
    public static IResult Busy(string message = "ChangeBot is very busy right now; please send that again in a moment.") =>
        Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", message);

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
