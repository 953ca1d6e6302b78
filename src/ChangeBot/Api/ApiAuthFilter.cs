namespace ChangeBot.Api;

/// <summary>Every REST call needs a token from <c>ChangeBot:ApiTokens</c>; anything else is 401 and logged.</summary>
internal sealed partial class ApiAuthFilter(ApiTokens tokens, ILogger<ApiAuthFilter> log) : IEndpointFilter
{
    public const string ActorItem = "changebot.actor";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = ApiTokens.FromRequest(http.Request);
        if (!tokens.IsValid(token))
        {
            LogRefused(log, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"ChangeBot\"";
            return Results.Problem(
                token is null ? "A bearer token from ChangeBot:ApiTokens is required." : "The bearer token is not valid.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        // Audit entries name the token by a short fingerprint, never the token itself.
        http.Items[ActorItem] = ApiTokens.Fingerprint(token!);
        return await next(context);
    }

    [LoggerMessage(40, LogLevel.Warning, "Refused unauthenticated REST call {Method} {Path} from {Remote}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote);
}

internal static class ApiActor
{
    public static Core.Deliveries.Actor Of(HttpContext http) =>
        new((http.Items[ApiAuthFilter.ActorItem] as string) ?? "rest:unknown", "rest");
}
