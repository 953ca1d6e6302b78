using System.Text.RegularExpressions;
using ChangeBot.Storage.LiteDb;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>
/// Bad settings found at start-up (by the server or a CLI command opening the store) become one line per
/// problem naming the setting, and exit code <see cref="ExitCode"/>, instead of an unhandled exception with a
/// stack trace. Anything not recognised here stays an unhandled exception: that is a bug, and its trace helps.
/// </summary>
internal static partial class StartupErrors
{
    /// <summary>BSD sysexits EX_CONFIG: a configuration error (documented in the README's command-line section).</summary>
    public const int ExitCode = 78;

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Runs the server; a start-up failure caused by the settings prints its problems and returns 78.</summary>
    public static async Task<int> RunServerAsync(string[] args, TextWriter error)
    {
        try
        {
            return await ServerHost.RunAsync(args);
        }
        catch (Exception e) when (IsTheProcess && Describe(e) is { Count: > 0 } problems)
        {
            await WriteAsync(problems, error);
            return ExitCode;
        }
    }

    /// <summary>False when another program runs Main (WebApplicationFactory in tests): the failure is then that
    /// program's to see, as the exception.</summary>
    private static bool IsTheProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupErrors).Assembly;

    public static async Task WriteAsync(IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem);
        }
    }

    /// <summary>
    /// The host logs a failed start with the exception's stack trace (and the background services it then
    /// stops), before <see cref="RunServerAsync"/> can print the problem plainly. Until the host has started,
    /// those host errors are left to the exception; from then on the host logs as usual.
    /// </summary>
    public static WebApplicationBuilder QuietHostStartFailures(this WebApplicationBuilder builder)
    {
        var started = new StartedFlag();
        // A rule for the host's category alone (a rule without a category would replace every category's configured
        // level); Information is the floor the default configuration gives it.
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (started.Value || level < LogLevel.Error));
        builder.Services.AddHostedService(sp => new StartedWatcher(started, sp.GetRequiredService<IHostApplicationLifetime>()));
        return builder;
    }

    /// <summary>One line per problem when <paramref name="e"/> is a settings problem; empty when it is not.</summary>
    public static IReadOnlyList<string> Describe(Exception e)
    {
        switch (e)
        {
            case OptionsValidationException invalid:
                return [.. invalid.Failures];
            case AggregateException many:
                var all = many.Flatten().InnerExceptions.Select(Describe).ToList();
                return all.All(lines => lines.Count > 0) ? [.. all.SelectMany(lines => lines).Distinct()] : [];
            case StoreInUseException inUse:
                return [$"ChangeBot:DataDirectory: the store {inUse.DatabasePath} is in use by another ChangeBot server; stop it, or give this one its own ChangeBot:DataDirectory."];
            case IOException { InnerException: AddressInUseException } busy:
                return [$"{AddressOf(busy)} is already in use. Stop what listens there, or choose another address with ASPNETCORE_URLS or --urls (e.g. --urls http://localhost:5080)."];
            case InvalidOperationException when BindingFailure().Match(e.Message) is { Success: true } bad:
                return [NotConvertible(bad.Groups["value"].Value, bad.Groups["path"].Value, bad.Groups["type"].Value)];
            default:
                return [];
        }
    }

    private static string AddressOf(IOException busy) =>
        BoundAddress().Match(busy.Message) is { Success: true } m ? $"The address {m.Groups["address"].Value}" : "The server's address";

    private static string NotConvertible(string value, string path, string typeName)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        var expected = type is { IsEnum: true }
            ? "one of " + string.Join(", ", Enum.GetNames(type))
            : $"a {(type?.Name ?? typeName).ToLowerInvariant()}";
        return $"{path} is '{value}'; expected {expected}.";
    }

    // ConfigurationBinder's message for a value it cannot convert (the value, the setting's path, the type).
    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();

    // Kestrel's message when a listen socket cannot be bound.
    [GeneratedRegex(@"Failed to bind to address (?<address>\S+?):? address already in use")]
    private static partial Regex BoundAddress();

    private sealed class StartedFlag
    {
        public volatile bool Value;
    }

    private sealed class StartedWatcher(StartedFlag started, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() => started.Value = true);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
