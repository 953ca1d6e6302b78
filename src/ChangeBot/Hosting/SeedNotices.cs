using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>
/// Loads the sample notices (shipped next to the executable, or <c>ChangeBot:SeedNoticesDirectory</c>) at
/// start-up and publishes those that are still drafts, so a fresh <c>dotnet run</c> has a notice to answer
/// questions about. Only in Development or with <c>ChangeBot:SampleNotices=true</c>: anywhere else the sample
/// would be a real install's only notice, answered to its customers. Re-importing an unchanged file is a
/// no-op, so restarts change nothing.
/// </summary>
internal sealed partial class SeedNotices(
    NoticeCatalog catalog,
    INoticeStore store,
    INoticeOperations operations,
    IOptions<ChangeBotOptions> options,
    IHostEnvironment environment,
    ILogger<SeedNotices> log) : IHostedService
{
    private static readonly Actor SeedActor = new("system:seed", "startup");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = options.Value.SeedNoticesDirectory ?? Path.Combine(AppContext.BaseDirectory, "notices");
        if (!(options.Value.SampleNotices ?? environment.IsDevelopment()) || string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return;
        }

        var report = await catalog.ImportFilesAsync([folder], SeedActor, cancellationToken);
        if (!report.Succeeded)
        {
            foreach (var error in report.Errors)
            {
                LogBadSeed(log, error.ToString());
            }

            return;
        }

        foreach (var result in report.Results)
        {
            if (await store.GetNoticeAsync(result.Id, cancellationToken) is { State: NoticeState.Draft })
            {
                await operations.PublishAsync(result.Id, SeedActor, cancellationToken);
            }
        }

        LogSeeded(log, report.Results.Count, folder);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(HostEventIds.BadSeed, LogLevel.Error, "Sample notice not loaded: {Problem}")]
    private static partial void LogBadSeed(ILogger logger, string problem);

    [LoggerMessage(HostEventIds.Seeded, LogLevel.Information, "Loaded {Count} sample notice(s) from {Folder}")]
    private static partial void LogSeeded(ILogger logger, int count, string folder);
}
