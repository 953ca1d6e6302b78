namespace ChangeBot.Api;

/// <summary>
/// Every REST call needs a token from <c>ChangeBot:ApiTokens</c>; anything else is 401 and logged.
/// Middleware rather than an endpoint filter: filters run after the body is read and bound, so a bad body
/// without a token would get a 400 (and be parsed) instead of the 401.
/// </summary>
internal sealed partial class ApiAuthFilter(ApiTokens tokens, ILogger<ApiAuthFilter> log) : IMiddleware
{
    public const string ActorItem = "changebot.actor";

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        // The path as well as the endpoint: a request routing cannot match (unknown route, wrong method or
        // content type) would otherwise get 404/405/415 without a token and reveal which routes exist.
        if (http.GetEndpoint()?.Metadata.GetMetadata<RequiresApiToken>() is null && !http.Request.Path.StartsWithSegments(RequiresApiToken.PathPrefix))
        {
            await next(http);
            return;
        }

        var token = ApiTokens.FromRequest(http.Request);
        if (!tokens.IsValid(token))
        {
            LogRefused(log, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"ChangeBot\"";
            await Results.Problem(
                token is null ? "A bearer token from ChangeBot:ApiTokens is required." : "The bearer token is not valid.",
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
            return;
        }

        // Audit entries name the token by a short fingerprint, never the token itself.
        http.Items[ActorItem] = ApiTokens.Fingerprint(token!);
        await next(http);
    }

    [LoggerMessage(40, LogLevel.Warning, "Refused unauthenticated REST call {Method} {Path} from {Remote}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote);
}

/// <summary>Endpoint metadata: the route is behind <see cref="ApiAuthFilter"/>.</summary>
internal sealed class RequiresApiToken
{
    public const string PathPrefix = "/api/v1";

    public static readonly RequiresApiToken Instance = new();
}

internal static class ApiActor
{
    public static Core.Deliveries.Actor Of(HttpContext http) =>
        new((http.Items[ApiAuthFilter.ActorItem] as string) ?? "rest:unknown", "rest");
}
