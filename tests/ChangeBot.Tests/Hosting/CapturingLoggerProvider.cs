using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Hosting;

/// <summary>Keeps every formatted message and exception text, whatever the category.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Entries at Error or above, and Warning or above carrying an exception.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, _errors);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{category} {formatter(state, exception)} {properties} {exception}");
            if (logLevel >= LogLevel.Error || (logLevel >= LogLevel.Warning && exception is not null))
            {
                errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
