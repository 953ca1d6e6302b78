using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;
using ChangeBot.Storage.Postgres;
using Hangfire.PostgreSql;
using Npgsql;

namespace ChangeBot.Hosting;

internal static class StorageRegistration
{
    /// <summary>Registers <c>IChangeBotStore</c> (and each of its small ports) for the configured storage.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var options = builder.GetChangeBotOptions();
        var services = builder.Services;
        switch (options.Storage)
        {
            case StorageKind.LiteDb:
                var path = Path.Combine(Path.GetFullPath(options.DataDirectory), LiteDbChangeBotStore.FileName);
                // A factory, not an instance: the container then disposes the store (closing the file) on shutdown.
                services.AddSingleton<IChangeBotStore>(_ => new LiteDbChangeBotStore(path));
                break;
            case StorageKind.Postgres:
                // Present: the options validation stops start-up without it.
                var connectionString = builder.Configuration.GetConnectionString("Postgres")!;
                services.AddSingleton<IChangeBotStore>(_ => new PostgresChangeBotStore(connectionString));
                // Registered before StoreOpener, so the schema exists before anything pings or uses it.
                services.AddHostedService(sp => new PostgresSchemaInstaller(connectionString, sp.GetRequiredService<ILogger<PostgresSchemaInstaller>>()));
                break;
            default:
                throw new NotSupportedException($"ChangeBot:Storage '{options.Storage}' is not a known storage.");
        }

        // One store instance behind every small port that something injects (the ledger and acknowledgements
        // are read through IChangeBotStore by the delivery engine and readiness).
        services.AddSingleton<INoticeStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IUnansweredStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IProcessedEventStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IChannelCheckStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IScheduledJobStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddHostedService<StoreOpener>();
        return builder;
    }

    /// <summary>Opens the store when the host starts, so a data directory held by another server stops start-up
    /// with that message instead of failing the first request.</summary>
    private sealed class StoreOpener(IChangeBotStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.PingAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Creates or migrates the shared database when an instance starts: the store's migrations, then Hangfire's
    /// tables (JobsRegistration turns Hangfire's own start-up install off), all under the migrator's advisory
    /// lock, so instances starting at once queue instead of racing on CREATE statements.
    /// </summary>
    private sealed class PostgresSchemaInstaller(string connectionString, ILogger<PostgresSchemaInstaller> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var applied = await new PostgresMigrator(dataSource).MigrateAsync(InstallHangfire, cancellationToken);
            logger.LogInformation("PostgreSQL schema ready; migrations applied now: {Applied}", applied.Count == 0 ? "none" : string.Join(", ", applied));
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static Task InstallHangfire(NpgsqlConnection connection, CancellationToken ct)
        {
            // Idempotent: it applies only the versions missing from hangfire.schema.
            PostgreSqlObjectsInstaller.Install(connection, new PostgreSqlStorageOptions().SchemaName);
            return Task.CompletedTask;
        }
    }
}
