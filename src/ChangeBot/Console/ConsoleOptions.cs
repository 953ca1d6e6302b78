using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ChangeBot.SupportConsole;

/// <summary>The <c>Console</c> settings: the OpenID Connect providers support signs in with (docs/console.md).
/// Without a provider the console still answers, with a sign-in page that says how to add one.</summary>
internal sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>One OpenID Connect scheme per entry; the key names it (and its callback, <c>/signin-&lt;name&gt;</c>).</summary>
    public Dictionary<string, ConsoleProvider> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>Console:Providers:&lt;name&gt;</c>: where to sign in and which claim says who someone is in chat.</summary>
internal sealed class ConsoleProvider
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Optional: a public client relies on PKCE alone; Slack and Entra web apps need it.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The claim holding the chat user id; defaults by platform (see <see cref="ConsoleIdentity"/>).</summary>
    public string? UserIdClaim { get; set; }

    /// <summary>The platform prefix of <c>ChangeBot:SupportUsers</c> ids (<c>slack</c>, <c>msteams</c>, <c>directline</c>);
    /// defaults from the provider's name for <c>Slack</c> and <c>Entra</c>.</summary>
    public string? Platform { get; set; }

    /// <summary>The button's words, e.g. "Sign in with Slack"; defaults to the provider's name.</summary>
    public string? DisplayName { get; set; }
}

internal sealed partial class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var failures = new List<string>();
        foreach (var (provider, settings) in options.Providers)
        {
            var prefix = $"Console:Providers:{provider}";
            if (!ProviderName().IsMatch(provider))
            {
                failures.Add($"{prefix}: the provider name must be 1-32 letters, digits or '-' (it becomes the callback path /signin-<name>).");
                continue;
            }

            if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority)
                || (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
            {
                failures.Add($"{prefix}:Authority must be the provider's https issuer URL (e.g. https://slack.com or https://login.microsoftonline.com/<tenant>/v2.0).");
            }

            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                failures.Add($"{prefix}:ClientId is required (the app's client id at the provider).");
            }

            var identity = ConsoleIdentity.For(provider, settings);
            if (identity.Platform is null)
            {
                failures.Add($"{prefix}:Platform is required (the prefix of ChangeBot:SupportUsers ids, e.g. slack, msteams, directline).");
            }
            else if (!PlatformName().IsMatch(identity.Platform))
            {
                failures.Add($"{prefix}:Platform '{identity.Platform}' must be lower-case letters and digits (e.g. slack, msteams).");
            }
            else if (identity.UserIdClaim is null)
            {
                failures.Add($"{prefix}:UserIdClaim is required for platform '{identity.Platform}' (the id_token claim that holds the chat user id).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderName();

    [GeneratedRegex("^[a-z0-9]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformName();
}
