using ChangeBot.Core.Storage;
using ChangeBot.Hosting;
using ChangeBot.Storage.LiteDb;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ChangeBot.Cli;

/// <summary>What a command does with the store: reading works even while a server holds a LiteDB file.</summary>
internal enum StoreAccess
{
    Read,
    Write,
}

/// <summary>
/// The store a CLI command works on: the one the configuration names, read from the same sources as the
/// server (appsettings.json, environment variables, the command line, where <c>--data DIR</c> is
/// <c>ChangeBot:DataDirectory</c>) and opened by the server's own registration, so the same validation and
/// migrations apply. The host it builds for that starts no web server.
/// </summary>
internal sealed class CliStore : IAsyncDisposable
{
    private readonly WebApplication? _host;
    private readonly IDisposable? _readOnly;

    private CliStore(IChangeBotStore store, WebApplication? host, IDisposable? readOnly)
    {
        Store = store;
        _host = host;
        _readOnly = readOnly;
    }

    public IChangeBotStore Store { get; }

    /// <summary>Opened read-only because a running server holds the LiteDB file: nothing may be written.</summary>
    public bool IsReadOnly => _readOnly is not null;

    /// <exception cref="CliException">A LiteDB file held by a running server and <see cref="StoreAccess.Write"/>,
    /// or a store that cannot be opened.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The settings are wrong
    /// (<see cref="StartupErrors"/> tells the user which).</exception>
    public static async Task<CliStore> OpenAsync(string? dataDirectory, StoreAccess access, CancellationToken ct)
    {
        if (dataDirectory is not null && string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new CliException("--data is empty; give a folder, or leave it out for ChangeBot:DataDirectory (default ./data).", CliApp.UsageError);
        }

        var host = Build(dataDirectory is null ? [] : [$"--{ChangeBotOptions.Section}:{nameof(ChangeBotOptions.DataDirectory)}={dataDirectory}"]);
        try
        {
            await host.StartAsync(ct);
            return new CliStore(host.Services.GetRequiredService<IChangeBotStore>(), host, null);
        }
        catch (Exception e) when (Find<StoreInUseException>(e) is { } inUse)
        {
            await host.DisposeAsync();
            var directory = Path.GetDirectoryName(inUse.DatabasePath);
            if (access == StoreAccess.Write)
            {
                throw new CliException(
                    $"The data directory {directory} is in use by a running ChangeBot server; make changes through it: " +
                    $"add --server URL and --token TOKEN (or set {ServerConnection.ServerVariable} and {ServerConnection.TokenVariable}).", 1, e);
            }

            return OpenReadOnly(inUse.DatabasePath);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _readOnly?.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }
    }

    private static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Standard output is the command's (scripts parse --json); the host's own warnings go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.QuietHostStartFailures();
        builder.Services.AddSingleton<IServer, NoServer>();
        builder.AddChangeBotOptions();
        builder.AddStorage();
        return builder.Build();
    }

    private static CliStore OpenReadOnly(string databasePath)
    {
        try
        {
            var store = LiteDbChangeBotStore.OpenReadOnly(databasePath);
            return new CliStore(store, null, store);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new CliException($"Cannot read the store {databasePath} while a server holds it: {e.Message}", 1, e);
        }
    }

    private static T? Find<T>(Exception? e)
        where T : Exception => e switch
        {
            null => null,
            T found => found,
            AggregateException many => many.InnerExceptions.Select(Find<T>).FirstOrDefault(f => f is not null),
            _ => Find<T>(e.InnerException),
        };

    /// <summary>The host is only there to open the store: it accepts no requests.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
