using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;

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
                throw new NotSupportedException("PostgreSQL storage is not built yet; set ChangeBot:Storage to LiteDb.");
            default:
                throw new NotSupportedException($"ChangeBot:Storage '{options.Storage}' is not a known storage.");
        }

        // One store instance behind every small port.
        services.AddSingleton<INoticeStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IDeliveryLedger>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IAcknowledgementStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IUnansweredStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IProcessedEventStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<IChangeBotStore>());
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
}
