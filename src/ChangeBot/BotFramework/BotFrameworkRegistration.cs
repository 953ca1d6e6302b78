using ChangeBot.BotFramework.Auth;
using ChangeBot.BotFramework.Connector;
using ChangeBot.BotFramework.Inbound;
using ChangeBot.Core.Deliveries;
using ChangeBot.Hosting;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ChangeBot.BotFramework;

/// <summary>Microsoft Teams through the Bot Framework protocol: on only when <c>BotFramework:MicrosoftAppId</c> is set.</summary>
internal static class BotFrameworkRegistration
{
    private const string MetadataClientName = "changebot-botframework-metadata";

    /// <summary>Connector retries in-process wait at most this long for a Retry-After; longer waits go back
    /// to the caller (the broadcast engine) as a transient result with the delay.</summary>
    private static readonly TimeSpan MaxInlineRetryAfter = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder)
    {
        // Absent: the platform is off. Present but wrong: start-up stops here with the setting named.
        var options = builder.AddValidatedOptions<BotFrameworkOptions, BotFrameworkOptionsValidator>(BotFrameworkOptions.Section);
        if (!options.IsConfigured)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value);
        services.AddHttpClient(MetadataClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>();
            var time = sp.GetRequiredService<TimeProvider>();
            return new BotMetadataSources(
                new OpenIdMetadataSource(options.OpenIdMetadataUrl, () => http.CreateClient(MetadataClientName), time),
                options.EntraOpenIdMetadataUrl is { } entra ? new OpenIdMetadataSource(entra, () => http.CreateClient(MetadataClientName), time) : null);
        });
        services.AddSingleton<BotTokenValidator>();
        services.AddTurnPipeline();
        services.AddScoped<ActivityProcessor>();
        services.AddScoped<TeamsConversations>();

        services.AddSingleton<BotTokenProvider>();
        services.AddHttpClient(BotTokenProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<ConversationRateLimiter>();
        services.AddTransient<ConversationRateLimitHandler>();
        services.AddTransient<ConnectorAuthHandler>();
        services.AddSingleton<ConnectorClient>();
        var connectorClient = services.AddHttpClient(ConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(100))
            // Never follow a redirect: it would carry our bearer token to a host no token vouched for.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        // Outermost first: retries, then per attempt the rate-limit slot and a current token.
        connectorClient.AddResilienceHandler("teams-connector", (pipeline, context) => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, context.ServiceProvider.GetRequiredService<TimeProvider>())),
            }));
        connectorClient.AddHttpMessageHandler<ConversationRateLimitHandler>().AddHttpMessageHandler<ConnectorAuthHandler>();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatChannel, TeamsChatChannel>());
        return builder;
    }

    public static WebApplication MapBotFramework(this WebApplication app)
    {
        if (app.Services.GetService<BotFrameworkOptions>() is null)
        {
            return app;
        }

        app.MapPost("/api/messages", MessagesEndpoint.HandleAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Platform-facts §B5: retry 412, 429, 502, 503, 504 and network failures; never 500 or other codes.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException;
        }

        if (outcome.Result is not { } response || !ConnectorErrors.IsTransient(response.StatusCode))
        {
            return false;
        }

        // A long Retry-After (a throttled broadcast) is the caller's to schedule, not ours to sit out.
        return ConnectorErrors.RetryAfter(response, time.GetUtcNow()) is not { } wait || wait <= MaxInlineRetryAfter;
    }
}
