using System.Text.Json;
using ChangeBot.BotFramework.Auth;
using ChangeBot.BotFramework.Schema;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>
/// <c>POST /api/messages</c>: authenticate the caller's JWT before anything else (401), parse the activity
/// (400 when malformed, nothing changed), bind the token to the activity's service URL and channel (401),
/// then process it. Everything that reaches the bot but is not for it gets 200, as Teams expects.
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>Teams' own messages are at most about 100 KB; anything much larger is not from Teams.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext http, BotTokenValidator validator, ActivityRunner runner, ILoggerFactory logs)
    {
        var log = logs.CreateLogger("ChangeBot.BotFramework.Messages");
        var remote = http.Connection.RemoteIpAddress?.ToString();
        var token = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, http.RequestAborted);
        if (!token.IsValid)
        {
            BotFrameworkLog.RequestRejected(log, remote, token.Failure!);
            return Results.Unauthorized();
        }

        var (activity, problem) = await ReadActivityAsync(http.Request, http.RequestAborted);
        if (activity is null)
        {
            BotFrameworkLog.MalformedActivity(log, problem!);
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Malformed activity");
        }

        var bound = BotTokenValidator.CheckActivity(token.Token!, activity.ServiceUrl!, activity.ChannelId!);
        if (!bound.IsValid)
        {
            BotFrameworkLog.RequestRejected(log, remote, bound.Failure!);
            return Results.Unauthorized();
        }

        await runner.RunAsync(activity);
        return Results.Ok();
    }

    private static async Task<(Activity? Activity, string? Problem)> ReadActivityAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"the body is larger than {MaxBodyBytes} bytes");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, $"the body is larger than {MaxBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), BotFrameworkJson.Default.Activity);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not a JSON activity ({e.Message})");
        }

        if (activity is null)
        {
            return (null, "the body is not a JSON activity");
        }

        return ActivityTranslator.Problem(activity) is { } problem ? (null, problem) : (activity, null);
    }
}
