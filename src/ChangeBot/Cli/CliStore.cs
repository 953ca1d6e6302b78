using ChangeBot.Storage.LiteDb;

namespace ChangeBot.Cli;

/// <summary>Opens the embedded store for CLI commands (<c>--data DIR</c>).</summary>
internal static class CliStore
{
    /// <summary>The environment variable the server reads <c>ChangeBot:DataDirectory</c> from.</summary>
    public const string DataDirectoryVariable = "ChangeBot__DataDirectory";

    public const string DefaultDataDirectory = "./data";

    /// <exception cref="CliException">The directory is unusable, or a running server holds the store.</exception>
    public static LiteDbChangeBotStore Open(string? dataDirectory)
    {
        var directory = Path.GetFullPath(ResolveDataDirectory(dataDirectory, Environment.GetEnvironmentVariable));
        try
        {
            return new LiteDbChangeBotStore(Path.Combine(directory, LiteDbChangeBotStore.FileName));
        }
        catch (StoreInUseException e)
        {
            throw new CliException(
                $"The data directory {directory} is in use by a running ChangeBot server; use the REST API or stop the server.", 1, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot open the store in {directory}: {e.Message}", 1, e);
        }
    }

    /// <summary>As the server resolves it: <c>--data</c>, else <c>ChangeBot__DataDirectory</c>, else <c>./data</c>.</summary>
    public static string ResolveDataDirectory(string? dataDirectory, Func<string, string?> environment)
    {
        if (dataDirectory is not null)
        {
            return string.IsNullOrWhiteSpace(dataDirectory)
                ? throw new CliException("--data is empty; give a folder, or leave it out for the default.", CliApp.UsageError)
                : dataDirectory;
        }

        var configured = environment(DataDirectoryVariable);
        if (configured is null)
        {
            return DefaultDataDirectory;
        }

        return string.IsNullOrWhiteSpace(configured)
            ? throw new CliException($"{DataDirectoryVariable} is empty; leave it unset for {DefaultDataDirectory} or give a folder.")
            : configured;
    }
}
