using ChangeBot.Core.Deliveries;
using ChangeBot.Hosting;
using ChangeBot.Slack.Endpoints;
using ChangeBot.Slack.Inbound;
using ChangeBot.Slack.SocketMode;
using ChangeBot.Slack.WebApi;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChangeBot.Slack;

internal static class SlackRegistration
{
    /// <summary>Registers Slack only when its settings are present; present-but-wrong settings stop
    /// start-up with a message naming the setting.</summary>
    public static WebApplicationBuilder AddSlack(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<SlackOptions, SlackOptionsValidator>(SlackOptions.Section);
        if (!options.IsConfigured)
        {
            return builder;
        }

        var services = builder.Services;

        services.AddHttpClient(SlackApiClient.HttpClientName, (sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUri;
                // Polly's per-attempt timeout governs; this only backs it up.
                http.Timeout = TimeSpan.FromSeconds(60);
            })
            // The default logging writes request URIs; a response_url is a credential of its own.
            .RemoveAllLoggers();

        services.TryAddSingleton<SlackClientTuning>();
        services.AddSingleton<SlackRateLimiter>();
        services.AddSingleton<SlackTokenProvider>();
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackDispatcher>();
        services.AddSingleton<SlackContextLookup>();
        services.AddSingleton<SeenEnterprises>();
        services.AddTurnPipeline();
        services.AddScoped<SlackConversations>();
        services.AddScoped<SlackEventProcessor>();
        services.AddScoped<SlackResponder>();
        services.AddScoped<SlackCheckModal>();
        services.AddSingleton<SlackChatChannel>();
        services.AddSingleton<IChatChannel>(sp => sp.GetRequiredService<SlackChatChannel>());
        services.AddSingleton<SlackEnabled>();
        if (options.SocketModeEnabled)
        {
            services.AddHostedService<SlackSocketModeService>();
        }

        return builder;
    }

    public static WebApplication MapSlack(this WebApplication app)
    {
        if (app.Services.GetService<SlackEnabled>() is null)
        {
            return app;
        }

        var options = app.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        var slack = app.MapGroup("/slack").ExcludeFromDescription();
        if (options.HttpEnabled)
        {
            slack.MapPost("/events", SlackHttpEndpoints.EventsAsync).DisableAntiforgery();
            slack.MapPost("/commands", SlackHttpEndpoints.CommandsAsync).DisableAntiforgery();
            slack.MapPost("/interactions", SlackHttpEndpoints.InteractionsAsync).DisableAntiforgery();
        }

        slack.MapGet("/install", SlackOAuthEndpoints.Install);
        slack.MapGet("/oauth/callback", SlackOAuthEndpoints.CallbackAsync);
        return app;
    }

    /// <summary>Marks that Slack was registered, so <see cref="MapSlack"/> maps its endpoints.</summary>
    private sealed class SlackEnabled;
}
