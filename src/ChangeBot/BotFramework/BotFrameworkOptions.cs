using System.Net;

namespace ChangeBot.BotFramework;

/// <summary>The <c>BotFramework</c> configuration section (SPEC §7), in the classic Bot Framework names.</summary>
internal sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";
    public const string PublicOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string MultiTenantTokenEndpoint = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    public string MicrosoftAppId { get; set; } = "";

    public string MicrosoftAppPassword { get; set; } = "";

    public BotAppType MicrosoftAppType { get; set; } = BotAppType.MultiTenant;

    public string? MicrosoftAppTenantId { get; set; }

    public Uri OpenIdMetadataUrl { get; set; } = new(PublicOpenIdMetadataUrl);

    public Uri OAuthTokenEndpoint { get; set; } = new(MultiTenantTokenEndpoint);

    /// <summary>Where single-tenant Entra ID tokens' keys come from (the bot tenant's v2.0 metadata).</summary>
    public Uri? EntraOpenIdMetadataUrl { get; set; }

    /// <summary>Our own bot account id in Teams (<c>28:&lt;app id&gt;</c>).</summary>
    public string BotAccountId => "28:" + MicrosoftAppId;

    /// <summary>
    /// Reads and checks the section. Null when the platform is off (no app id and nothing else set);
    /// otherwise the options, or an exception naming every wrong setting so start-up stops.
    /// </summary>
    public static BotFrameworkOptions? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var appId = section["MicrosoftAppId"]?.Trim();
        if (string.IsNullOrEmpty(appId))
        {
            var stray = section.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => $"{Section}:{c.Key}").ToList();
            return stray.Count == 0 ? null : throw Invalid([$"{string.Join(", ", stray)} set but BotFramework:MicrosoftAppId is not; set the bot's app id or remove the other settings."]);
        }

        var failures = new List<string>();
        var options = new BotFrameworkOptions { MicrosoftAppId = appId, MicrosoftAppPassword = section["MicrosoftAppPassword"] ?? "" };
        if (!Guid.TryParse(appId, out _))
        {
            failures.Add($"BotFramework:MicrosoftAppId '{appId}' is not a GUID (the Azure Bot's Microsoft App ID).");
        }

        if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            failures.Add("BotFramework:MicrosoftAppPassword is empty; the bot needs its client secret to answer.");
        }

        var appType = section["MicrosoftAppType"]?.Trim();
        if (!string.IsNullOrEmpty(appType))
        {
            if (Enum.TryParse<BotAppType>(appType, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(appType, out _))
            {
                options.MicrosoftAppType = parsed;
            }
            else
            {
                failures.Add($"BotFramework:MicrosoftAppType '{appType}' is not supported; use MultiTenant or SingleTenant.");
            }
        }

        options.MicrosoftAppTenantId = section["MicrosoftAppTenantId"]?.Trim() is { Length: > 0 } tenant ? tenant : null;
        if (options.MicrosoftAppType == BotAppType.SingleTenant && options.MicrosoftAppTenantId is null)
        {
            failures.Add("BotFramework:MicrosoftAppTenantId is required when BotFramework:MicrosoftAppType is SingleTenant.");
        }

        var tenantForToken = options.MicrosoftAppType == BotAppType.SingleTenant ? options.MicrosoftAppTenantId : "botframework.com";
        options.OpenIdMetadataUrl = ReadUrl(section, "OpenIdMetadataUrl", PublicOpenIdMetadataUrl, failures);
        options.OAuthTokenEndpoint = ReadUrl(section, "OAuthTokenEndpoint",
            $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenantForToken ?? "botframework.com")}/oauth2/v2.0/token", failures);
        if (options.MicrosoftAppType == BotAppType.SingleTenant && options.MicrosoftAppTenantId is { } tenantId)
        {
            options.EntraOpenIdMetadataUrl = ReadUrl(section, "EntraOpenIdMetadataUrl",
                $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenantId)}/v2.0/.well-known/openid-configuration", failures);
        }

        return failures.Count == 0 ? options : throw Invalid(failures);
    }

    /// <summary>True for http(s) URLs we may call: https anywhere, plain http only on loopback (tests, local runs).</summary>
    public static bool IsAcceptableEndpoint(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)));

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static Uri ReadUrl(IConfigurationSection section, string key, string fallback, List<string> failures)
    {
        var raw = section[key]?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return new Uri(fallback);
        }

        if (Uri.TryCreate(raw, UriKind.Absolute, out var url) && IsAcceptableEndpoint(url))
        {
            return url;
        }

        failures.Add($"BotFramework:{key} '{raw}' is not an https URL (plain http is allowed only on loopback).");
        return new Uri(fallback);
    }

    private static Microsoft.Extensions.Options.OptionsValidationException Invalid(IEnumerable<string> failures) =>
        new(Section, typeof(BotFrameworkOptions), failures);
}

internal enum BotAppType { MultiTenant, SingleTenant }
