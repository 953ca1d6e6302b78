using ChangeBot.Core.CutOvers;
using ChangeBot.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChangeBot.Jobs;

/// <summary>What Hangfire runs every minute for cut-over detection (docs/checks.md#cut-over-detection): one run at a
/// time over the whole cluster, never retried (the next minute is the retry).</summary>
public sealed class CutOverJob(CutOverWatch watch)
{
    public const string JobId = "changebot-cut-over";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 5)]
    public Task RunAsync(CancellationToken ct) => watch.RunAsync(ct);
}

internal static class CutOverRegistration
{
    /// <summary>The <c>CutOver</c> settings (validated at start), the watch, and its recurring job.</summary>
    public static WebApplicationBuilder AddCutOver(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<CutOverOptions, CutOverOptionsValidator>(CutOverOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<CutOverOptions>>().Value);
        // One watch per process: it paces probes and remembers which switches' messages it reserved.
        builder.Services.AddSingleton<CutOverWatch>();
        builder.Services.AddTransient<CutOverJob>();
        builder.Services.AddHostedService<CutOverScheduler>();
        return builder;
    }
}

internal sealed class CutOverOptionsValidator : IValidateOptions<CutOverOptions>
{
    public ValidateOptionsResult Validate(string? name, CutOverOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>Registers the minutely <see cref="CutOverJob"/>.</summary>
internal sealed class CutOverScheduler(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<CutOverJob>(CutOverJob.JobId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
