using ChangeBot.Core.Deliveries;
using ChangeBot.Hosting;
using ChangeBot.Turns;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChangeBot.DirectLine;

/// <summary>The web chat channel: ChangeBot's own Direct Line 3.0 subset and the page at <c>/</c>. Always
/// on: anonymous visitors need no credential; support staff use tokens issued through <c>DirectLine:Secret</c>.</summary>
internal static class DirectLineRegistration
{
    public static WebApplicationBuilder AddDirectLine(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<DirectLineOptions, DirectLineOptionsValidator>(DirectLineOptions.Section);
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineAuth>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<DirectLineBot>();
        services.AddSingleton<DirectLineLimits>();
        services.AddTurnPipeline();
        services.AddSingleton<IChatChannel, DirectLineChatChannel>();

        // Any origin may call with the secret or a token (bearer auth, no cookies); without a secret only
        // pages served from loopback may call cross-origin (the built-in page is same-origin; anonymous callers get
        // only a server-assigned identity, so this is defence in depth, not what keeps identities safe).
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DirectLineOptions>>((cors, directLine) =>
            cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy => policy
                .SetIsOriginAllowed(origin => directLine.Value.HasSecret || LoopbackRule.IsLoopbackOrigin(origin))
                .AllowAnyHeader()
                .WithMethods("GET", "POST")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }

    public static WebApplication MapDirectLine(this WebApplication app)
    {
        app.UseCors();
        app.UseWebSockets();
        app.MapDirectLineEndpoints();
        app.MapWebChatPage();
        return app;
    }
}
