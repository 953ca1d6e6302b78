using ChangeBot.Api;
using ChangeBot.BotFramework;
using ChangeBot.DirectLine;
using ChangeBot.Jobs;
using ChangeBot.Slack;
using ChangeBot.SupportConsole;

namespace ChangeBot.Hosting;

/// <summary>The server: a table of contents of what it is made of. Each area wires itself.</summary>
internal static class ServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        await using var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // A start-up failure is reported by StartupErrors as plain lines, not logged with its stack trace.
        builder.QuietHostStartFailures();
        // ASP.NET Core's per-request Information lines start at Warning; configuration can lower them again.
        builder.AddLoggingDefaults();
        // No chat payload or notice comes near 1 MiB; anything larger is refused before it is read.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 1024 * 1024);

        // Settings (docs/deploy.md#settings-checklist), validated at start-up: a present-but-wrong value stops the server.
        builder.AddChangeBotOptions();
        // Liveness and readiness (ASP.NET Core health checks).
        builder.AddHealth();
        // Metrics and traces (OpenTelemetry; OTLP export when configured).
        builder.AddTelemetry();
        // Credentials that must travel in a URL (web chat stream token, OAuth code) never reach a log line.
        builder.Services.AddQueryStringRedaction();
        // Scheme, host and client address as a configured TLS-terminating proxy saw them.
        builder.AddForwardedHeaders();
        // The store port: LiteDB under the data directory, or PostgreSQL at scale.
        builder.AddStorage();
        // Data Protection keys live in the store, so every instance reads what another protected.
        builder.AddStoreDataProtection();
        // Notices, answers, conversations and chain checks: the platform-free core.
        builder.AddCore();
        builder.AddConversations();
        builder.AddChecks();
        // Broadcasts, reminders and state changes on Hangfire.
        builder.AddJobs();
        // Endpoints channels watch: checked daily, alerts through the delivery ledger.
        builder.AddWatches();
        // Cut-over detection: a minutely job probing endpoints around a notice's window.
        builder.AddCutOver();
        // One adapter per chat platform; a platform without settings is simply off.
        builder.AddDirectLine();
        builder.AddSlack();
        builder.AddBotFramework();
        // REST API for support tooling.
        builder.AddSupportApi();
        // The support console: pages under /console, signed in through the configured OpenID Connect providers.
        builder.AddSupportConsole();

        var app = builder.Build();
        app.UseForwardedHeadersFromKnownProxies();

        app.MapHealth();
        app.MapSupportConsole();
        app.MapDirectLine();
        app.MapSlack();
        app.MapBotFramework();
        app.MapSupportApi();
        app.MapJobsDashboard();
        return app;
    }
}
