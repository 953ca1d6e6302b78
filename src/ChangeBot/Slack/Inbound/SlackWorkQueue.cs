using System.Threading.Channels;

namespace ChangeBot.Slack.Inbound;

/// <summary>One piece of work that runs after Slack got its 200.</summary>
internal sealed record SlackWork(string Name, Func<IServiceProvider, CancellationToken, Task> Run);

/// <summary>
/// The hand-off between the ack and the slow part (platform facts A2: answer within 3 s). Bounded, so a
/// flood cannot eat memory: when it is full the endpoint answers 503 and Slack retries the event later.
/// </summary>
internal sealed class SlackWorkQueue
{
    public const int Capacity = 2048;

    private readonly Channel<SlackWork> _channel = Channel.CreateBounded<SlackWork>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });

    private readonly Lock _gate = new();
    private int _outstanding;
    private TaskCompletionSource _idle = Completed();

    public bool TryEnqueue(string name, Func<IServiceProvider, CancellationToken, Task> run)
    {
        lock (_gate)
        {
            if (!_channel.Writer.TryWrite(new SlackWork(name, run)))
            {
                return false;
            }

            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return true;
        }
    }

    public ChannelReader<SlackWork> Reader => _channel.Reader;

    /// <summary>Called by the worker when an item has finished, successfully or not.</summary>
    public void Done()
    {
        lock (_gate)
        {
            if (--_outstanding == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when everything queued so far has finished (tests and the load harness use it).</summary>
    public Task WhenIdleAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(ct);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

/// <summary>Runs queued Slack work with a few parallel consumers, so one slow chain check does not hold
/// up everyone else's answers; each item gets its own DI scope and its failures are logged, not fatal.</summary>
internal sealed class SlackWorker(SlackWorkQueue queue, IServiceScopeFactory scopes, ILogger<SlackWorker> logger) : BackgroundService
{
    private const int Consumers = 8;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await work.Run(scope.ServiceProvider, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    SlackLog.WorkFailed(logger, work.Name, e);
                }
                finally
                {
                    queue.Done();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
