using ChangeBot.Tests.Hosting;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Turns;

/// <summary>The turn queue and its worker on their own: back-pressure, ordering, failures, drain on shutdown.
/// Work blocks on signals the test releases, never on time.</summary>
public sealed class TurnWorkerTests : IAsyncDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _services;
    private readonly TurnQueue _queue;
    private readonly TurnWorker _worker;

    public TurnWorkerTests()
    {
        _services = new ServiceCollection().AddLogging(l => l.AddProvider(_logs)).BuildServiceProvider();
        _queue = new TurnQueue(capacity: 3);
        _worker = new TurnWorker(_queue, _services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, _services.GetRequiredService<ILogger<TurnWorker>>());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryEnqueue_QueueFull_RefusesUntilWorkFinishes()
    {
        var release = new TaskCompletionSource();
        var started = new SemaphoreSlim(0);
        await _worker.StartAsync(Ct);
        var accepted = Enumerable.Range(0, 3).Select(i => _queue.TryEnqueue(Blocking($"w{i}", started, release.Task))).ToList();
        await WaitAsync(started, 3);

        var refused = _queue.TryEnqueue(Blocking("one too many", started, release.Task));

        Assert.All(accepted, Assert.NotNull);
        Assert.Null(refused);
        release.SetResult();
        await Task.WhenAll(accepted!);
        Assert.NotNull(_queue.TryEnqueue(new TurnWork("room again", (_, _) => Task.CompletedTask)));
    }

    [Fact]
    public async Task Work_SameOrderKey_RunsOneAtATimeInOrder_OtherKeysDoNotWait()
    {
        var release = new TaskCompletionSource();
        var order = new List<string>();
        var firstStarted = new SemaphoreSlim(0);
        await _worker.StartAsync(Ct);

        var first = _queue.TryEnqueue(Keyed("a1", "conversation-a", order, async () => { firstStarted.Release(); await release.Task; }));
        var second = _queue.TryEnqueue(Keyed("a2", "conversation-a", order, () => Task.CompletedTask));
        await WaitAsync(firstStarted, 1);
        var other = _queue.TryEnqueue(Keyed("b1", "conversation-b", order, () => Task.CompletedTask));
        await other!.WaitAsync(Ct);

        Assert.False(second!.IsCompleted);
        release.SetResult();
        await Task.WhenAll(first!, second);
        Assert.Equal(["a1", "b1", "a2"], order);
    }

    [Fact]
    public async Task Work_Throws_IsLoggedOnceAndTheNextWorkRuns()
    {
        await _worker.StartAsync(Ct);

        var failed = _queue.TryEnqueue(new TurnWork("doomed", (_, _) => throw new InvalidOperationException("boom")));
        var ran = false;
        var next = _queue.TryEnqueue(new TurnWork("next", (_, _) => { ran = true; return Task.CompletedTask; }) { OrderKey = "k" });
        await Task.WhenAll(failed!, next!);
        await _queue.WhenIdleAsync(Ct);

        Assert.True(ran);
        Assert.Single(_logs.Lines, l => l.Contains("Background work 'doomed' failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_LetsQueuedAndRunningWorkFinish_AndTakesNoMore()
    {
        var release = new TaskCompletionSource();
        var started = new SemaphoreSlim(0);
        var tokens = new List<CancellationToken>();
        await _worker.StartAsync(Ct);
        var running = _queue.TryEnqueue(new TurnWork("running", async (_, ct) => { tokens.Add(ct); started.Release(); await release.Task; }) { OrderKey = "k" });
        var queued = _queue.TryEnqueue(new TurnWork("queued behind it", (_, ct) => { tokens.Add(ct); return Task.CompletedTask; }) { OrderKey = "k" });
        await WaitAsync(started, 1);

        var stop = _worker.StopAsync(Ct);

        Assert.False(stop.IsCompleted);
        Assert.Null(_queue.TryEnqueue(new TurnWork("after stop", (_, _) => Task.CompletedTask)));
        release.SetResult();
        await stop;
        Assert.True(running!.IsCompletedSuccessfully && queued!.IsCompletedSuccessfully);
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, t => Assert.False(t.IsCancellationRequested));
    }

    [Fact]
    public async Task StopAsync_ShutdownTimeoutReached_CancelsWhatIsStillRunning()
    {
        var started = new SemaphoreSlim(0);
        var cancelled = false;
        await _worker.StartAsync(Ct);
        var stuck = _queue.TryEnqueue(new TurnWork("stuck", async (_, ct) =>
        {
            started.Release();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }));
        await WaitAsync(started, 1);
        using var shutdownTimeout = new CancellationTokenSource();

        var stop = _worker.StopAsync(shutdownTimeout.Token);
        Assert.False(stop.IsCompleted);
        await shutdownTimeout.CancelAsync();
        await stop;

        Assert.True(cancelled);
        Assert.True(stuck!.IsCompleted);
        Assert.Single(_logs.Lines, l => l.Contains("Shutdown timeout reached with 1 turns unfinished", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("Background work 'stuck' failed", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        await _worker.StopAsync(stopped.Token);
        _worker.Dispose();
        await _services.DisposeAsync();
    }

    private static TurnWork Blocking(string name, SemaphoreSlim started, Task release) =>
        new(name, async (_, _) => { started.Release(); await release; });

    private static TurnWork Keyed(string name, string key, List<string> order, Func<Task> body) =>
        new(name, async (_, _) => { lock (order) { order.Add(name); } await body(); }) { OrderKey = key };

    private static async Task WaitAsync(SemaphoreSlim started, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await started.WaitAsync(Ct);
        }
    }
}
