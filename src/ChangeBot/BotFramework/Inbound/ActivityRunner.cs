using ChangeBot.BotFramework.Schema;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>
/// Runs an activity in its own DI scope, independent of the HTTP request. The request waits up to
/// <see cref="AnswerBudget"/> (so quick answers are done when Teams gets its 200), then answers anyway and
/// lets slow work (a chain check) finish in the background: Teams gives up after about 15 seconds.
/// </summary>
internal sealed class ActivityRunner(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ActivityRunner> log)
{
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(2);

    public async Task RunAsync(Activity activity)
    {
        var work = ProcessAsync(activity);
        try
        {
            await work.WaitAsync(AnswerBudget, time);
        }
        catch (TimeoutException)
        {
            BotFrameworkLog.ActivityContinuesInBackground(log, AnswerBudget);
        }
    }

    private async Task ProcessAsync(Activity activity)
    {
        using var timeout = new CancellationTokenSource(ProcessingTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, lifetime.ApplicationStopping);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ActivityProcessor>().ProcessAsync(activity, linked.Token);
        }
        catch (Exception e)
        {
            // Never let a background failure go unobserved; the request has its answer already.
            BotFrameworkLog.ActivityFailed(log, e, activity.Type ?? "?");
        }
    }
}
