using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Hosting;

/// <summary>Hangfire's log provider is process-wide. With several hosts in one process (tests, tools), a job on a
/// live host must not log through a disposed host's logger factory, which throws and fails the job.</summary>
[Collection(nameof(HangfireLogging))] // alone: other tests' hosts would be the live ones its messages go to
public sealed class HangfireLoggingTests
{
    [Fact]
    public async Task JobOnALiveHost_AfterAnotherHostWasDisposed_LogsAndSucceeds()
    {
        var logs = new CapturingLoggerProvider();
        await using var live = new ChangeBotApp(configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        using var liveClient = live.CreateClient(); // starts its Hangfire server
        var gone = new ChangeBotApp();
        using (gone.CreateClient())
        {
            // started after the live one: Hangfire's process-wide logging now points at this host
        }

        await gone.DisposeAsync();

        var token = Guid.NewGuid().ToString("N");
        var ran = LoggingJob.Expect(token);
        live.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => LoggingJob.Run(token));

        await ran.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Contains(logs.Lines, l => l.Contains($"logging job {token} ran", StringComparison.Ordinal));
    }
}

[CollectionDefinition(nameof(HangfireLogging), DisableParallelization = true)]
public sealed class HangfireLogging;

/// <summary>A job that logs through Hangfire's logging, as Hangfire's own filters and workers do, and reports how it ended.</summary>
public static class LoggingJob
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Runs = new(StringComparer.Ordinal);

    public static Task Expect(string token) => Runs.GetOrAdd(token, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Run(string token)
    {
        try
        {
            LogProvider.GetLogger("ChangeBot.Tests.LoggingJob").Info($"logging job {token} ran");
            Runs[token].TrySetResult();
        }
        catch (Exception e)
        {
            Runs[token].TrySetException(e);
            throw;
        }
    }
}
