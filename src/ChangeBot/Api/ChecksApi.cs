using ChangeBot.Core.Checks;

namespace ChangeBot.Api;

internal static class ChecksApi
{
    public static RouteGroupBuilder MapChecksApi(this RouteGroupBuilder api)
    {
        // The guarded engine: the same SSRF rules and per-caller rate limit as chat.
        api.MapPost("/checks", async (CheckBody body, HttpContext http, IServiceProvider services, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Target))
            {
                return Results.Problem("'target' is required: host, host:port or https URL.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (services.GetService<IChatChecks>() is not { } checks)
            {
                return Results.Problem("Chain checks are not available on this server.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var reply = await checks.CheckAsync(body.Target, body.NoticeId, ApiActor.Of(http).UserId, ct);
            return Results.Ok(reply);
        }).WithTags("Checks");
        return api;
    }
}
