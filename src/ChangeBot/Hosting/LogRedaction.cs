using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>
/// Keeps credentials that clients must put in a URL out of every log line: the Direct Line stream's <c>?t=</c>
/// token (a WebSocket cannot send headers from a browser) and the Slack OAuth callback's <c>code</c> and
/// <c>state</c>, and the support console's OpenID Connect callbacks (<c>/signin-&lt;provider&gt;?code=&amp;state=</c>, <c>/signout-callback-&lt;provider&gt;?state=</c>). ASP.NET Core writes the query string into its "Request starting/finished" lines before any
/// middleware runs, so the redaction sits in the logger factory: a log entry whose structured state names one
/// of these paths gets its <c>QueryString</c> values replaced and its message rendered again.
/// (OpenTelemetry's ASP.NET Core instrumentation already redacts <c>url.query</c> values by default.)
/// </summary>
internal static partial class LogRedaction
{
    public const string Redacted = "[Redacted]";

    public static IServiceCollection AddQueryStringRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>Paths whose query string carries a credential.</summary>
    public static bool HasSecretQuery(string? path) =>
        path is not null && SecretQueryPath().IsMatch(path);

    /// <summary><c>?t=abc&amp;x=1</c> becomes <c>?t=[Redacted]&amp;x=[Redacted]</c>: the names stay, for diagnosis.</summary>
    public static string RedactQuery(string query) =>
        QueryValue().Replace(query, m => m.Groups["name"].Value + "=" + Redacted);

    [GeneratedRegex(@"^(/v3/directline/conversations/[^/]+/stream|/slack/oauth/callback|/signin-[A-Za-z0-9-]{1,32}|/signout-callback-[A-Za-z0-9-]{1,32})/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretQueryPath();

    [GeneratedRegex(@"(?<name>[^?&=]+)=[^&]*", RegexOptions.CultureInvariant)]
    private static partial Regex QueryValue();

    [GeneratedRegex(@"\{(?<name>[^{}:,]+)(?<format>[,:][^{}]*)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && Redact(fields) is { } redacted)
            {
                inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        /// <summary>Null when the entry carries no query string of a secret-bearing path.</summary>
        private static RedactedState? Redact(IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            string? path = null;
            string? query = null;
            string? format = null;
            foreach (var (key, value) in fields)
            {
                switch (key)
                {
                    case "Path": path = value?.ToString(); break;
                    case "QueryString": query = value?.ToString(); break;
                    case "{OriginalFormat}": format = value as string; break;
                }
            }

            if (string.IsNullOrEmpty(query) || !HasSecretQuery(path))
            {
                return null;
            }

            var values = fields.Select(f => f.Key == "QueryString" ? new KeyValuePair<string, object?>(f.Key, RedactQuery(query)) : f).ToList();
            var byName = values.Where(f => f.Key != "{OriginalFormat}").ToDictionary(f => f.Key, f => f.Value);
            var message = format is null
                ? $"{path}{RedactQuery(query)}"
                : Placeholder().Replace(format, m => byName.TryGetValue(m.Groups["name"].Value, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : m.Value);
            return new RedactedState(values, message);
        }
    }

    /// <summary>The entry's fields with the query redacted, and its message rendered from them.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> fields, string message)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => fields.Count;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
