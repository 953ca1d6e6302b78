using System.Diagnostics;

namespace ChangeBot.Benchmarks.Checks;

/// <summary>Samples memory and thread-pool size while a load runs, and keeps a heartbeat task that
/// asks for 10 ms sleeps: how late it wakes up is how long queued work waits for a thread.</summary>
internal sealed class LoadMonitor : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<Peak> _sampling;

    public LoadMonitor() => _sampling = Task.Run(SampleAsync);

    public async Task<Peak> StopAsync()
    {
        await _stop.CancelAsync();
        return await _sampling;
    }

    public void Dispose() => _stop.Dispose();

    private async Task<Peak> SampleAsync()
    {
        var peak = new Peak(0, 0, 0, TimeSpan.Zero);
        using var process = Process.GetCurrentProcess();
        while (!_stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            process.Refresh();
            var delay = clock.Elapsed - TimeSpan.FromMilliseconds(10);
            peak = new Peak(
                Math.Max(peak.WorkingSet, process.WorkingSet64),
                Math.Max(peak.ManagedHeap, GC.GetTotalMemory(false)),
                Math.Max(peak.Threads, ThreadPool.ThreadCount),
                delay > peak.WorstHeartbeatDelay ? delay : peak.WorstHeartbeatDelay);
        }

        return peak;
    }

    public sealed record Peak(long WorkingSet, long ManagedHeap, int Threads, TimeSpan WorstHeartbeatDelay);
}
