using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChangeBot.Turns;

/// <summary>What every chat adapter shares: the queue, its worker and the turn pipeline. Each adapter's
/// registration calls this; registering twice changes nothing.</summary>
internal static class TurnRegistration
{
    public static IServiceCollection AddTurnPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<TurnQueue>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TurnWorker>());
        services.TryAddSingleton<ConversationMemory>();
        services.TryAddScoped<TurnPipeline>();
        services.TryAddSingleton<ChannelPresence>();
        return services;
    }
}
