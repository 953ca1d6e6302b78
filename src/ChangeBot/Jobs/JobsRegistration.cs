using ChangeBot.Hosting;
using Hangfire;
using Hangfire.Storage.SQLite;

namespace ChangeBot.Jobs;

internal static class JobsRegistration
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.GetChangeBotOptions();
        builder.Services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.Storage == StorageKind.LiteDb)
            {
                // Durable embedded job storage next to the LiteDB file: jobs survive a restart.
                Directory.CreateDirectory(options.DataDirectory);
                config.UseSQLiteStorage(Path.Combine(Path.GetFullPath(options.DataDirectory), "hangfire.db"));
            }
        });
        builder.Services.AddHangfireServer();
        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app) => app;
}
