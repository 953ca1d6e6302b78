namespace ChangeBot.Turns;

/// <summary>
/// Runs queued work with a few parallel consumers, so one slow chain check does not hold up everyone else's
/// answers. Each item gets its own DI scope and at most <see cref="WorkTimeout"/>; a failure is logged once
/// and the consumer goes on. On shutdown the queue closes and what was queued or running finishes, until the
/// host's shutdown timeout cuts it short (then the rest is cancelled).
/// </summary>
internal sealed class TurnWorker(TurnQueue queue, IServiceScopeFactory scopes, TimeProvider time, ILogger<TurnWorker> logger) : IHostedService, IDisposable
{
    public const int Consumers = 8;

    /// <summary>Longer than any answer should take (a chain check has its own, shorter limits).</summary>
    public static readonly TimeSpan WorkTimeout = TimeSpan.FromMinutes(2);

    private readonly CancellationTokenSource _abort = new();
    private Task _consumers = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _consumers = Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(ConsumeAsync, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Close();
        try
        {
            await _consumers.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            TurnLog.DrainCut(logger, queue.Outstanding);
            await _abort.CancelAsync();
            await _consumers;
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task ConsumeAsync()
    {
        await foreach (var queued in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            var next = queue.TryStart(queued) ? queued : null;
            while (next is not null)
            {
                await RunAsync(next.Work);
                next = queue.Finish(next);
            }
        }
    }

    private async Task RunAsync(TurnWork work)
    {
        using var timeout = new CancellationTokenSource(WorkTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _abort.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work.Run(scope.ServiceProvider, linked.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            TurnLog.WorkFailed(logger, e, work.Name);
        }
        catch (OperationCanceledException)
        {
            // Cut short by the shutdown timeout, which was logged once for all of them.
        }
    }
}
