using ChangeBot.Api;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Scheduling;
using ChangeBot.Hosting;
using ChangeBot.Storage.Postgres;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ChangeBot.Jobs;

internal static class JobsRegistration
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.GetChangeBotOptions();
        var services = builder.Services;
        // One job storage per host, registered before AddHangfire so it is not Hangfire's process-wide
        // JobStorage.Current: two hosts in one process (tests, tools) must not share or dispose each other's.
        services.AddSingleton<JobStorage>(_ => CreateStorage(options, builder.Configuration));
        // Likewise the job activator (this host's services, not the last configured host's), and logging through
        // one process-wide provider that reaches a live host (HangfireLogging).
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<HangfireLogAttachment>();
        services.AddHangfire((sp, config) =>
        {
            // Resolved here, at start-up: this host is a logging target until its services are disposed.
            sp.GetRequiredService<HangfireLogAttachment>();
            config.UseLogProvider(HangfireLogging.Provider)
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        });
        // A one-second schedule poll keeps reminder lateness in seconds rather than Hangfire's default 15 s.
        services.AddHangfireServer(o => o.SchedulePollingInterval = TimeSpan.FromSeconds(1));
        // With IAntiforgery registered, the dashboard embeds a token in its pages and refuses POSTs without it.
        services.AddAntiforgery();

        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddSingleton<IDispatchLock>(sp => options.Storage == StorageKind.Postgres
            ? new PostgresDispatchLock(builder.Configuration.GetConnectionString("Postgres")!, sp.GetRequiredService<TimeProvider>())
            : new JobStorageDispatchLock(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<DeliveryEngine>();
        services.AddSingleton<NoticeScheduler>();
        services.AddSingleton<NoticeJobs>();
        services.AddSingleton(sp => new SupportAlerts(
            sp.GetRequiredService<IOptions<ChangeBotOptions>>().Value.SupportChannels,
            sp.GetServices<IChatChannel>(),
            sp.GetRequiredService<ILogger<SupportAlerts>>()));
        services.AddSingleton<INoticeOperations, NoticeOperations>();
        services.AddTransient<NoticeJobRunner>();
        services.AddHostedService<SweepScheduler>();
        services.AddProcessedEventsExpiry();
        services.AddSingleton<StaleDeliveryWatch>();
        services.AddHostedService<StaleDeliveryWatcher>();
        return builder;
    }

    private static JobStorage CreateStorage(ChangeBotOptions options, IConfiguration configuration)
    {
        if (options.Storage == StorageKind.LiteDb)
        {
            // Durable embedded job storage next to the LiteDB file: jobs survive a restart.
            Directory.CreateDirectory(options.DataDirectory);
            // Its workers poll the queue every 15 s by default: a broadcast or a due reminder's sends would
            // wait that long for a worker to notice them. Half a second keeps a reminder's lateness (schedule
            // poll + queue poll + send) under 2 s; ten workers polling twice a second cost next to nothing.
            return new SQLiteStorage(Path.Combine(Path.GetFullPath(options.DataDirectory), "hangfire.db"),
                new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(500) });
        }

        // Job storage shared by every instance. Its tables are installed at start-up by StorageRegistration
        // under the migration lock, so instances starting together don't race Hangfire's own installer.
        // The same half-second queue poll as the embedded storage (the package's default is 15 s), so a due
        // reminder reaches a worker as quickly at scale; each poll is one indexed SKIP LOCKED query.
        var postgres = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false, QueuePollInterval = TimeSpan.FromMilliseconds(500) };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(configuration.GetConnectionString("Postgres")!, postgres), postgres);
    }

    /// <summary>The Hangfire dashboard, for support and operators only: the support console's sign-in for someone
    /// on the support list (SupportConsole/ConsoleAuthorization.cs), or an API token as Bearer, or as the
    /// password of Basic auth for scripts (<see cref="ApiTokenAuthentication"/>). Its commands
    /// (trigger, delete, requeue) are POSTs a hostile page could forge with a browser's cached Basic
    /// credentials, so they need Hangfire's antiforgery token (see <c>AddAntiforgery</c> in AddJobs).</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        // Hangfire asks antiforgery to validate every POST, which throws when the form itself cannot be read
        // (a key over 2 KB, a malformed body): a bad request, not a server error.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ApiTokenAuthentication.DashboardPrefix, StringComparison.OrdinalIgnoreCase), dashboard =>
            dashboard.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (AntiforgeryValidationException) when (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsync("The form could not be read.", context.RequestAborted);
                }
            }));
        // Authorization is the endpoint's policy; Hangfire's own filters would only allow localhost.
        app.MapHangfireDashboardWithNoAuthorizationFilters(ApiTokenAuthentication.DashboardPrefix, new DashboardOptions
        {
            AppPath = null,
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(SupportConsole.ConsoleAuthorization.DashboardPolicy);
        return app;
    }
}

/// <summary>Registers the minute-by-minute sweep and runs one at start-up, so a restarted instance
/// resumes unfinished deliveries within seconds rather than after Hangfire's invisibility timeout.</summary>
internal sealed class SweepScheduler(IRecurringJobManager recurring, IBackgroundJobClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<NoticeJobRunner>("changebot-sweep", r => r.SweepAsync(CancellationToken.None), Cron.Minutely());
        client.Enqueue<NoticeJobRunner>(r => r.ResumeAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Runs <see cref="StaleDeliveryWatch"/> on this instance for as long as it lives.</summary>
internal sealed class StaleDeliveryWatcher(StaleDeliveryWatch watch) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => watch.RunAsync(stoppingToken);
}
