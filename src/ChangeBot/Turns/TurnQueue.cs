using System.Threading.Channels;

namespace ChangeBot.Turns;

/// <summary>Work that runs after the platform got its answer: a turn, or an adapter's own slow step (an
/// event's de-duplication, opening a Slack modal). It gets its own DI scope and a cancellation token.</summary>
internal sealed record TurnWork(string Name, Func<IServiceProvider, CancellationToken, Task> Run)
{
    /// <summary>Work with the same key runs one at a time, in the order queued (a web chat's turns, so
    /// replies keep the order of the questions). Null: no ordering.</summary>
    public string? OrderKey { get; init; }
}

/// <summary>
/// The one hand-off between the inbound endpoints and <see cref="TurnWorker"/>. Bounded, so a flood cannot eat
/// memory: when it is full, <see cref="TryEnqueue"/> refuses and the endpoint says so in its platform's way
/// (Slack 503 and retries, web chat 429). Outstanding work (queued, waiting for its key, or running) counts
/// against the same bound.
/// </summary>
internal sealed class TurnQueue
{
    public const int Capacity = 2048;

    private readonly Channel<QueuedWork> _channel = Channel.CreateBounded<QueuedWork>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<QueuedWork>> _runningKeys = new(StringComparer.Ordinal);
    private int _outstanding;
    private TaskCompletionSource _idle = Completed();

    public TurnQueue() : this(Capacity)
    {
    }

    /// <summary>A smaller bound, for tests of back-pressure.</summary>
    internal TurnQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Limit = capacity;
    }

    public int Limit { get; }

    /// <summary>Queues the work, or returns null when the queue is full or shutting down. The task completes
    /// (never faults) when the work has finished.</summary>
    public Task? TryEnqueue(TurnWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            var queued = new QueuedWork(work);
            if (_outstanding >= Limit || !_channel.Writer.TryWrite(queued))
            {
                return null;
            }

            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return queued.Done.Task;
        }
    }

    /// <summary>Work queued or running now.</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _outstanding;
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

    internal ChannelReader<QueuedWork> Reader => _channel.Reader;

    /// <summary>No more work is taken; what is queued still runs.</summary>
    internal void Close() => _channel.Writer.TryComplete();

    /// <summary>True when the work may run now; false when earlier work of its key is running, in which case
    /// it waits and <see cref="Finish"/> hands it over later.</summary>
    internal bool TryStart(QueuedWork queued)
    {
        if (queued.Work.OrderKey is not { } key)
        {
            return true;
        }

        lock (_gate)
        {
            if (_runningKeys.TryGetValue(key, out var waiting))
            {
                waiting.Enqueue(queued);
                return false;
            }

            _runningKeys[key] = new Queue<QueuedWork>();
            return true;
        }
    }

    /// <summary>Marks the work done; returns the next work of its key, which the caller runs now.</summary>
    internal QueuedWork? Finish(QueuedWork queued)
    {
        QueuedWork? next = null;
        lock (_gate)
        {
            if (queued.Work.OrderKey is { } key && _runningKeys.TryGetValue(key, out var waiting) && !waiting.TryDequeue(out next))
            {
                _runningKeys.Remove(key);
            }

            if (--_outstanding == 0)
            {
                _idle.TrySetResult();
            }
        }

        queued.Done.TrySetResult();
        return next;
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

internal sealed class QueuedWork(TurnWork work)
{
    public TurnWork Work { get; } = work;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
