namespace ChangeBot.Core.Scheduling;

/// <summary>
/// Serializes sending one notice across every instance: the delivery engine re-reads each record before
/// sending, but two runs that read it at the same moment would both send, so only one run per notice may go.
/// </summary>
public interface IDispatchLock
{
    /// <summary>The notice's lock, waiting up to <paramref name="wait"/> for it; null when another run holds it.
    /// Disposing the result releases it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string noticeId, TimeSpan wait, CancellationToken ct);
}
