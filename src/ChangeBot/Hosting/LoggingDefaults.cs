namespace ChangeBot.Hosting;

/// <summary>
/// Log levels the server starts from. ASP.NET Core logs several Information lines per HTTP request (request
/// started, endpoint matched, executed, finished); at that level they drown ChangeBot's own lines, so its
/// categories start at Warning, as do Hangfire's. They are the lowest-precedence settings: <c>Logging:LogLevel:Microsoft.AspNetCore</c>
/// in any configuration source (appsettings, environment, command line) still wins.
/// </summary>
internal static class LoggingDefaults
{
    public static WebApplicationBuilder AddLoggingDefaults(this WebApplicationBuilder builder)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore"] = nameof(LogLevel.Warning),
            // Hangfire narrates its start and stop (options, dispatchers, heartbeats) at Information.
            ["Logging:LogLevel:Hangfire"] = nameof(LogLevel.Warning),
        };
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        return builder;
    }
}
