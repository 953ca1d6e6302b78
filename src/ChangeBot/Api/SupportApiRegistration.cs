using System.Threading.RateLimiting;
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
        builder.Services.AddSingleton<ApiAuthFilter>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiBearer>());
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per caller: a runaway script gets 429s, other callers are unaffected.
            options.AddPolicy(ApiRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ApiTokens.FromRequest(ctx.Request) is { } token ? ApiTokens.Fingerprint(token) : ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 120, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication MapSupportApi(this WebApplication app)
    {
        // The token first (before the body is read), then the per-token rate limit: only valid tokens get a partition.
        app.UseMiddleware<ApiAuthFilter>();
        app.UseRateLimiter();
        var api = app.MapGroup(RequiresApiToken.PathPrefix)
            .WithMetadata(RequiresApiToken.Instance)
            .RequireRateLimiting(ApiRateLimit)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapNoticesApi();
        api.MapSubscriptionsApi();
        api.MapChecksApi();
        api.MapReportsApi();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("ChangeBot REST API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
