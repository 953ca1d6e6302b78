using ChangeBot.Core.Storage;
using ChangeBot.Hosting;
using Hangfire;

namespace ChangeBot.Jobs;

/// <summary>
/// Forgets inbound event ids (Slack's <c>event_id</c>, used OAuth states) once nobody can send them again: Slack
/// retries an event for minutes and an OAuth state lives for minutes, so a day is plenty. Without this the
/// <c>processed_events</c> record grows by a row per event and per install, forever.
/// </summary>
internal sealed partial class ProcessedEventsExpiry(IProcessedEventStore store, TimeProvider time, ILogger<ProcessedEventsExpiry> logger)
{
    public const string JobId = "changebot-processed-events-expiry";
    public static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken ct)
    {
        var forgotten = await store.ForgetProcessedEventsBeforeAsync(time.GetUtcNow() - Kept, ct);
        LogForgotten(logger, forgotten);
    }

    [LoggerMessage(HostEventIds.Forgotten, LogLevel.Debug, "Forgot {Count} processed event ids older than a day")]
    private static partial void LogForgotten(ILogger logger, int count);
}

/// <summary>Registers <see cref="ProcessedEventsExpiry"/> as an hourly recurring job (so no id is kept much past a day).</summary>
internal sealed class ProcessedEventsExpiryScheduler(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<ProcessedEventsExpiry>(ProcessedEventsExpiry.JobId, e => e.RunAsync(CancellationToken.None), Cron.Hourly());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class ProcessedEventsExpiryRegistration
{
    public static IServiceCollection AddProcessedEventsExpiry(this IServiceCollection services) =>
        services.AddTransient<ProcessedEventsExpiry>().AddHostedService<ProcessedEventsExpiryScheduler>();
}
