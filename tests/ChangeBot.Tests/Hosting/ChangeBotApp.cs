using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Hosting;

/// <summary>
/// The real server pipeline in memory, on a fresh data directory per instance. Settings are given
/// as configuration, exactly as an operator would.
/// </summary>
public sealed class ChangeBotApp : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="configureServices">Runs after the app's own registrations, to swap in fakes.</param>
    public ChangeBotApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _settings = new Dictionary<string, string?>
        {
            ["ChangeBot:DataDirectory"] = _data.Path,
            // Tests ask about the shipped sample notice; a real install loads it only when asked to.
            ["ChangeBot:SampleNotices"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory => _data.Path;

    /// <summary>Test doubles registered after the app's own services (so they replace them).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        // Settings read while the app is being built (storage, jobs) must be visible then too.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var configure in new[] { _configureServices, ConfigureServices })
        {
            if (configure is not null)
            {
                builder.ConfigureTestServices(configure);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
