using System.Globalization;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Watches;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>Endpoint watches (docs/checks.md#watching-an-endpoint): the chat commands, the daily Hangfire run
/// <c>changebot-watch</c> and the minutely resume of alerts left pending. <c>Watch:MaxPerChannel</c> and
/// <c>Watch:Thresholds</c> are validated when the server starts.</summary>
internal static class WatchRegistration
{
    public static WebApplicationBuilder AddWatches(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<WatchSettings, WatchSettingsValidator>(WatchOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WatchSettings>>().Value.ToOptions());
        services.AddSingleton<IWatchStore>(sp => sp.GetRequiredService<IChangeBotStore>());
        services.AddSingleton<WatchAlerts>();
        services.AddSingleton<WatchRunner>();
        services.AddSingleton<IWatchCommands, WatchCommands>();
        services.AddHostedService<WatchJobScheduler>();
        return builder;
    }

    /// <summary>Registers the daily run (00:00 UTC; a run missed while the server was down starts when it is back)
    /// and the minutely resume of alerts a platform refused for the moment.</summary>
    private sealed class WatchJobScheduler(IRecurringJobManager recurring) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<WatchRunner>(WatchRunner.JobId, r => r.RunAsync(CancellationToken.None), Cron.Daily());
            recurring.AddOrUpdate<WatchAlerts>(WatchRunner.ResumeJobId, a => a.ResumeAsync(CancellationToken.None), Cron.Minutely());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The <c>Watch</c> settings as written (<c>Thresholds</c>: one comma-separated value or indexed children).</summary>
internal sealed class WatchSettings
{
    public int MaxPerChannel { get; set; } = 50;

    /// <summary>Empty means the defaults (30, 14, 7, 1).</summary>
    public IReadOnlyList<string> Thresholds { get; set; } = [];

    public WatchOptions ToOptions()
    {
        var options = new WatchOptions { MaxPerChannel = MaxPerChannel };
        if (Thresholds.Count > 0)
        {
            options.Thresholds = [.. Thresholds.Select(t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)).Distinct().OrderDescending()];
        }

        return options;
    }
}

internal sealed class WatchSettingsValidator : IValidateOptions<WatchSettings>
{
    public ValidateOptionsResult Validate(string? name, WatchSettings options)
    {
        var failures = new List<string>();
        if (options.MaxPerChannel is < 1 or > WatchOptions.MaxMaxPerChannel)
        {
            failures.Add($"Watch:MaxPerChannel is {options.MaxPerChannel}; use a number of watches from 1 to {WatchOptions.MaxMaxPerChannel}.");
        }

        failures.AddRange(options.Thresholds
            .Where(t => !int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > WatchOptions.MaxThresholdDays)
            .Select(t => $"Watch:Thresholds entry '{t}' is not a number of days from 1 to {WatchOptions.MaxThresholdDays}."));
        if (options.Thresholds.Count > WatchOptions.MaxThresholdCount)
        {
            failures.Add($"Watch:Thresholds lists {options.Thresholds.Count} thresholds; give at most {WatchOptions.MaxThresholdCount}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
