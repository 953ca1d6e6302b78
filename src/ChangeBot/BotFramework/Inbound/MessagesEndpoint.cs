using System.Text.Json;
using ChangeBot.BotFramework.Auth;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Turns;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>
/// <c>POST /api/messages</c>: authenticate the caller's JWT before anything else (401), parse the activity
/// (400 when malformed, nothing changed), bind the token to the activity's service URL and channel (401),
/// then process it on the <see cref="TurnQueue"/>. Everything that reaches the bot but is not for it gets 200,
/// as Teams expects.
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>Teams' own messages are at most about 100 KB; anything much larger is not from Teams.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>How long the request waits for the activity's work, so quick answers are sent before Teams gets
    /// its 200; slower work (a chain check) finishes in the background, as Teams gives up after about 15 seconds.</summary>
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(10);

    public static async Task<IResult> HandleAsync(HttpContext http, BotTokenValidator validator, TurnQueue queue, TimeProvider time, ILoggerFactory logs)
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

        var work = new TurnWork($"Teams {activity.Type}", (sp, ct) => sp.GetRequiredService<ActivityProcessor>().ProcessAsync(activity, ct));
        if (queue.TryEnqueue(work) is not { } done)
        {
            TurnLog.QueueFull(log, work.Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await done.WaitAsync(AnswerBudget, time);
        }
        catch (TimeoutException)
        {
            BotFrameworkLog.ActivityContinuesInBackground(log, AnswerBudget);
        }

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
