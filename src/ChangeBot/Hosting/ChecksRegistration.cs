using System.Globalization;
using System.Net;
using ChangeBot.Core.Checks;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>Chain checks for chat and REST: the engine behind the SSRF guard, the per-user limit, and
/// <see cref="IChatChecks"/>. <c>Checks:AllowedNetworks</c> and <c>Checks:AllowedPorts</c> are validated
/// when the server starts, so a wrong value stops it with a message naming the setting.</summary>
internal static class ChecksRegistration
{
    public static WebApplicationBuilder AddChecks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<ChecksSettings, ChecksSettingsValidator>(ChecksOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChecksSettings>>().Value.ToOptions());
        services.AddSingleton(sp => new AddressGuard(sp.GetRequiredService<ChecksOptions>(), log: sp.GetRequiredService<ILogger<AddressGuard>>()));
        services.AddSingleton<ITargetResolver>(sp => sp.GetRequiredService<AddressGuard>());
        services.AddSingleton(sp => PlatformStores.FromFolder(sp.GetRequiredService<IOptions<ChecksSettings>>().Value.StoreSnapshots));
        services.AddSingleton<ChainChecker>();
        services.AddSingleton<CheckRateLimiter>();
        // One instance for chat (IChatChecks) and REST (ChatCheckService.RunAsync): one rate limit per caller.
        services.AddSingleton<ChatCheckService>();
        services.AddSingleton<IChatChecks>(sp => sp.GetRequiredService<ChatCheckService>());
        return builder;
    }
}

/// <summary>The <c>Checks</c> settings as written (lists: one comma-separated value or indexed children).</summary>
internal sealed class ChecksSettings
{
    public IReadOnlyList<string> AllowedNetworks { get; set; } = [];

    /// <summary>Empty means the default ports (443, 8443).</summary>
    public IReadOnlyList<string> AllowedPorts { get; set; } = [];

    /// <summary>A folder of refreshed root-store snapshots (tools/root-stores/build.sh); empty: the ones built in.</summary>
    public string? StoreSnapshots { get; set; }

    /// <summary><c>Checks:PerUserPerMinute</c>: checks one chat user (or REST token) may start a minute.</summary>
    public int PerUserPerMinute { get; set; } = 10;

    /// <summary><c>Checks:PerAddressPerMinute</c>: checks one web chat client address may start a minute, over all
    /// its conversations (each has its own server-assigned user id).</summary>
    public int PerAddressPerMinute { get; set; } = 20;

    /// <summary><c>Checks:MaxConcurrent</c>: checks running at once, over all users.</summary>
    public int MaxConcurrent { get; set; } = 8;

    public ChecksOptions ToOptions()
    {
        var options = new ChecksOptions
        {
            AllowedNetworks = [.. AllowedNetworks.Select(n => IPNetwork.Parse(n))],
            ChecksPerUser = PerUserPerMinute,
            ChecksPerAddress = PerAddressPerMinute,
            MaxConcurrent = MaxConcurrent,
        };
        if (AllowedPorts.Count > 0)
        {
            options.AllowedPorts = [.. AllowedPorts.Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture))];
        }

        return options;
    }

    public static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535;
}

internal sealed class ChecksSettingsValidator : IValidateOptions<ChecksSettings>
{
    public ValidateOptionsResult Validate(string? name, ChecksSettings options)
    {
        var failures = new List<string>();
        failures.AddRange(options.AllowedNetworks.Where(n => !IPNetwork.TryParse(n, out _)).Select(n =>
            $"Checks:AllowedNetworks entry '{n}' is not a CIDR block (expected e.g. 10.20.0.0/16 or fd00:1::/64)."));
        failures.AddRange(options.AllowedPorts.Where(p => !ChecksSettings.IsPort(p)).Select(p =>
            $"Checks:AllowedPorts entry '{p}' is not a TCP port (1-65535)."));
        if (!string.IsNullOrWhiteSpace(options.StoreSnapshots) && !Directory.Exists(options.StoreSnapshots))
        {
            failures.Add($"Checks:StoreSnapshots is '{options.StoreSnapshots}', which is not a folder; give the folder tools/root-stores/build.sh wrote, or leave it unset for the built-in snapshots.");
        }

        if (options.PerUserPerMinute is < 1 or > 1000)
        {
            failures.Add($"Checks:PerUserPerMinute is {options.PerUserPerMinute}; use a number of checks from 1 to 1000.");
        }

        if (options.PerAddressPerMinute is < 1 or > 10_000)
        {
            failures.Add($"Checks:PerAddressPerMinute is {options.PerAddressPerMinute}; use a number of checks from 1 to 10000.");
        }

        if (options.MaxConcurrent is < 1 or > 256)
        {
            failures.Add($"Checks:MaxConcurrent is {options.MaxConcurrent}; use a number of checks from 1 to 256.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
