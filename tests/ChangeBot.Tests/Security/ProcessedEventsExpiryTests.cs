using ChangeBot.Core.Storage;
using ChangeBot.Jobs;
using ChangeBot.Tests.Hosting;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.Security;

/// <summary>Slack event ids and used OAuth states are recorded to count each once; an hourly Hangfire job forgets
/// those older than a day, so the record does not grow with every event and install forever.</summary>
public sealed class ProcessedEventsExpiryTests
{
    [Fact]
    public async Task Server_RegistersTheHourlyExpiry_WhichForgetsIdsOlderThanADay()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var app = new ChangeBotApp(configureServices: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
        using var client = app.CreateClient(); // starts the host and its hosted services
        var store = app.Services.GetRequiredService<IProcessedEventStore>();
        var now = time.GetUtcNow();
        Assert.True(await store.TryMarkEventProcessedAsync("slack:T1:EvOld", now - TimeSpan.FromHours(25), ct));
        Assert.True(await store.TryMarkEventProcessedAsync("slack:T1:EvRecent", now - TimeSpan.FromHours(23), ct));

        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == ProcessedEventsExpiry.JobId);
            Assert.Equal(Cron.Hourly(), job.Cron);
        }

        await app.Services.GetRequiredService<ProcessedEventsExpiry>().RunAsync(ct);

        Assert.True(await store.TryMarkEventProcessedAsync("slack:T1:EvOld", now, ct));
        Assert.False(await store.TryMarkEventProcessedAsync("slack:T1:EvRecent", now, ct));
    }
}
