using System.Net;
using Microsoft.Extensions.Options;

namespace ChangeBot.Slack;

/// <summary>The <c>Slack</c> configuration section (docs/deploy.md#settings-checklist).</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Verifies that HTTP requests come from Slack (Basic Information page).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The single-workspace bot token (<c>xoxb-</c>); OAuth installs override it per workspace.</summary>
    public string? BotToken { get; set; }

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>App-level token (<c>xapp-</c>): turns on Socket Mode.</summary>
    public string? AppToken { get; set; }

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>True when any credential is set: a platform with no settings is simply off.</summary>
    public bool IsConfigured =>
        SigningSecret is not null || BotToken is not null || ClientId is not null || ClientSecret is not null || AppToken is not null;

    public bool OAuthEnabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    public bool SocketModeEnabled => !string.IsNullOrWhiteSpace(AppToken);

    public bool HttpEnabled => !string.IsNullOrWhiteSpace(SigningSecret);

    public Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);
}

/// <summary>Present-but-wrong Slack settings stop start-up with a message naming the setting.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions o)
    {
        if (!o.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (o.SigningSecret is { } secret && (secret.Length < 16 || secret.Any(char.IsWhiteSpace)))
        {
            failures.Add("Slack:SigningSecret must be the app's signing secret (Basic Information page): at least 16 characters, no spaces.");
        }

        if (o.SigningSecret is null && !o.SocketModeEnabled)
        {
            failures.Add("Slack:SigningSecret is required when Slack is configured over HTTP (or set Slack:AppToken for Socket Mode).");
        }

        if (o.BotToken is { } bot && !bot.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            failures.Add("Slack:BotToken must be a bot token starting with xoxb-.");
        }

        if (o.AppToken is { } app && !app.StartsWith("xapp-", StringComparison.Ordinal))
        {
            failures.Add("Slack:AppToken must be an app-level token starting with xapp- (scope connections:write).");
        }

        if (string.IsNullOrWhiteSpace(o.ClientId) != string.IsNullOrWhiteSpace(o.ClientSecret))
        {
            failures.Add("Slack:ClientId and Slack:ClientSecret must be set together for OAuth installs.");
        }

        if (string.IsNullOrWhiteSpace(o.BotToken) && !o.OAuthEnabled)
        {
            failures.Add("Slack needs Slack:BotToken, or Slack:ClientId and Slack:ClientSecret so workspaces can install it; without either the bot cannot post.");
        }

        if (!IsAcceptableApiBase(o.ApiBaseUrl))
        {
            failures.Add($"Slack:ApiBaseUrl '{o.ApiBaseUrl}' must be an absolute https URL (http only for loopback), e.g. {SlackOptions.DefaultApiBaseUrl}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAcceptableApiBase(string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip))));
    }
}
