using System.Collections.Immutable;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace ChangeBot.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (<c>LogProvider</c> is static) and <c>AddHangfire</c> points it at the
/// logger factory of whichever host was configured last. With several hosts in one process (tests, tools) a job
/// on a live host could then log through a disposed host's factory, which throws and fails the job. Here the
/// provider is set once for the process and each message goes, at the moment it is written, to the newest host
/// still alive; a factory found disposed is dropped, and with no host alive the message is dropped.
/// </summary>
internal static class HangfireLogging
{
    private static ImmutableList<LiveFactory> _live = [];

    public static ILogProvider Provider { get; } = new ForwardingProvider();

    /// <summary>Makes <paramref name="factory"/> a target until the returned handle is disposed (when its host is).</summary>
    public static IDisposable Attach(ILoggerFactory factory)
    {
        var entry = new LiveFactory(factory);
        ImmutableInterlocked.Update(ref _live, list => list.Add(entry));
        return entry;
    }

    private static void Detach(LiveFactory entry) => ImmutableInterlocked.Update(ref _live, list => list.Remove(entry));

    /// <summary>One host's logger factory; Hangfire's loggers for it are made once per name.</summary>
    private sealed class LiveFactory(ILoggerFactory factory) : IDisposable
    {
        private readonly AspNetCoreLogProvider _provider = new(factory);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ILog> _logs = new(StringComparer.Ordinal);

        public ILog For(string name) => _logs.GetOrAdd(name, _provider.GetLogger);

        public void Dispose() => Detach(this);
    }

    private sealed class ForwardingProvider : ILogProvider
    {
        public ILog GetLogger(string name) => new ForwardingLog(name);
    }

    /// <summary>What Hangfire keeps (in workers, filters, cached attributes): bound to a name, never to a host.</summary>
    private sealed class ForwardingLog(string name) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var live = _live;
            for (var i = live.Count - 1; i >= 0; i--)
            {
                try
                {
                    return live[i].For(name).Log(logLevel, messageFunc, exception);
                }
                catch (ObjectDisposedException)
                {
                    // Its host is gone but was not detached yet (disposal order): try the next one.
                    Detach(live[i]);
                }
            }

            return false;
        }
    }
}

/// <summary>This host's place among <see cref="HangfireLogging"/>'s targets, for as long as its services live.</summary>
internal sealed class HangfireLogAttachment(ILoggerFactory factory) : IDisposable
{
    private readonly IDisposable _attached = HangfireLogging.Attach(factory);

    public void Dispose() => _attached.Dispose();
}
