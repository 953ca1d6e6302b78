using System.Net;
using Microsoft.Extensions.Options;

namespace ChangeBot.BotFramework;

/// <summary>The <c>BotFramework</c> configuration section (docs/install-teams.md#2-configure-changebot), in the classic Bot Framework names.</summary>
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

    /// <summary>Where the bot gets its own tokens; unset, the Entra endpoint of the bot's tenant
    /// (<c>botframework.com</c> for multi-tenant bots).</summary>
    public Uri OAuthTokenEndpoint
    {
        get => _oauthTokenEndpoint ?? new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(TokenTenant)}/oauth2/v2.0/token");
        set => _oauthTokenEndpoint = value;
    }

    /// <summary>Where single-tenant Entra ID tokens' keys come from; unset, the bot tenant's v2.0 metadata.
    /// Null for multi-tenant bots.</summary>
    public Uri? EntraOpenIdMetadataUrl
    {
        get => MicrosoftAppType != BotAppType.SingleTenant || string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
            ? null
            : _entraOpenIdMetadataUrl ?? new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(MicrosoftAppTenantId)}/v2.0/.well-known/openid-configuration");
        set => _entraOpenIdMetadataUrl = value;
    }

    /// <summary>Our own bot account id in Teams (<c>28:&lt;app id&gt;</c>).</summary>
    public string BotAccountId => "28:" + MicrosoftAppId;

    /// <summary>Off unless the app id is set (the validator refuses other settings without it).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    private Uri? _oauthTokenEndpoint;
    private Uri? _entraOpenIdMetadataUrl;

    private string TokenTenant => MicrosoftAppType == BotAppType.SingleTenant && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
        ? MicrosoftAppTenantId
        : "botframework.com";

    /// <summary>True for http(s) URLs we may call: https anywhere, plain http only on loopback (tests, local runs).</summary>
    public static bool IsAcceptableEndpoint(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)));

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>Present-but-wrong settings stop start-up naming the setting; without an app id nothing else may
/// be set (the platform is then off).</summary>
internal sealed class BotFrameworkOptionsValidator(IConfiguration configuration) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var section = configuration.GetSection(BotFrameworkOptions.Section);
        if (!options.IsConfigured)
        {
            var stray = section.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => $"{BotFrameworkOptions.Section}:{c.Key}").ToList();
            return stray.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{string.Join(", ", stray)} set but BotFramework:MicrosoftAppId is not; set the bot's app id or remove the other settings.");
        }

        var failures = new List<string>();
        if (!Guid.TryParse(options.MicrosoftAppId, out _))
        {
            failures.Add($"BotFramework:MicrosoftAppId '{options.MicrosoftAppId}' is not a GUID (the Azure Bot's Microsoft App ID).");
        }

        if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            failures.Add("BotFramework:MicrosoftAppPassword is empty; the bot needs its client secret to answer.");
        }

        // The binder takes numbers for enums too; only the names are settings.
        if (!Enum.IsDefined(options.MicrosoftAppType) || int.TryParse(section["MicrosoftAppType"], out _))
        {
            failures.Add($"BotFramework:MicrosoftAppType '{section["MicrosoftAppType"]}' is not supported; use MultiTenant or SingleTenant.");
        }

        if (options.MicrosoftAppType == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add("BotFramework:MicrosoftAppTenantId is required when BotFramework:MicrosoftAppType is SingleTenant.");
        }

        CheckUrl(nameof(BotFrameworkOptions.OpenIdMetadataUrl), options.OpenIdMetadataUrl, failures);
        CheckUrl(nameof(BotFrameworkOptions.OAuthTokenEndpoint), options.OAuthTokenEndpoint, failures);
        if (options.EntraOpenIdMetadataUrl is { } entra)
        {
            CheckUrl(nameof(BotFrameworkOptions.EntraOpenIdMetadataUrl), entra, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(string key, Uri url, List<string> failures)
    {
        if (!BotFrameworkOptions.IsAcceptableEndpoint(url))
        {
            failures.Add($"BotFramework:{key} '{url.OriginalString}' is not an https URL (plain http is allowed only on loopback).");
        }
    }
}

internal enum BotAppType { MultiTenant, SingleTenant }
