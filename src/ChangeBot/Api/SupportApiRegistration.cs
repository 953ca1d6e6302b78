using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;

namespace ChangeBot.Api;

internal static class SupportApiRegistration
{
    /// <summary>Largest body the REST API reads: the largest is a notice file, bounded as everywhere else.</summary>
    public const long MaxBodyBytes = Core.Notices.NoticeLimits.MaxNoticeBytes;

    public const string ApiRateLimit = "api";

    public static WebApplicationBuilder AddSupportApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiTokens>();
        // The default scheme, so UseAuthentication names the caller before authorization and the rate limiter
        // run; it answers only under /api/v1 and /hangfire.
        builder.Services.AddAuthentication(ApiTokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiTokenAuthentication.Policy, p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            // For requests routing cannot match under /api/v1 (unknown route, wrong method or content type), which
            // carry no endpoint policy: a 401 there, not a 404/405/415 that reveals which routes exist.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAssertion(ctx =>
                ctx.Resource is not HttpContext http
                || !http.Request.Path.StartsWithSegments(ApiTokenAuthentication.ApiPrefix)
                || ctx.User.Identity?.IsAuthenticated == true).Build());
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiBearer>());
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per caller: a runaway script gets 429s, other callers are unaffected.
            options.AddPolicy(ApiRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.User.Identity?.Name ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 120, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication MapSupportApi(this WebApplication app)
    {
        // The token first (authorization runs before the endpoint reads or binds the body), then the per-token
        // rate limit: only valid tokens get a partition.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        var api = app.MapGroup(ApiTokenAuthentication.ApiPrefix)
            .RequireAuthorization(ApiTokenAuthentication.Policy)
            .RequireRateLimiting(ApiRateLimit)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapNoticesApi();
        api.MapSubscriptionsApi();
        api.MapChecksApi();
        api.MapCutOverApi();
        api.MapReportsApi();
        api.MapWatchesApi();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("ChangeBot REST API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
