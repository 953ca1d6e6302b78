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
        services.AddSingleton(sp => new AddressGuard(sp.GetRequiredService<ChecksOptions>()));
        services.AddSingleton<ITargetResolver>(sp => sp.GetRequiredService<AddressGuard>());
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

    public ChecksOptions ToOptions()
    {
        var options = new ChecksOptions { AllowedNetworks = [.. AllowedNetworks.Select(n => IPNetwork.Parse(n))] };
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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
