using ChangeBot.Core.Audit;
using ChangeBot.Core.Operations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>Ends the console sign-in (POST only, antiforgery-checked) and audits it. With a provider that publishes an
/// <c>end_session_endpoint</c> the browser is sent there too (with the id_token it issued as <c>id_token_hint</c>) and
/// comes back to the console; a provider without one (Slack) keeps its session, and the sign-in page says so. A provider
/// whose discovery cannot be read now may or may not have a session to end: the page says it could not be reached.</summary>
internal sealed class SignOutModel(AuditTrail audit, IAuthenticationSchemeProvider schemes, IOptionsMonitor<OpenIdConnectOptions> oidc,
    TimeProvider time, ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/SignIn");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Anonymous page: the cookie is read here, not by an authorization policy.
        var result = await HttpContext.AuthenticateAsync(ConsoleAuthentication.CookieScheme);
        if (result.Principal is not { } principal || ConsoleIdentity.UserOf(principal) is not { } user)
        {
            return Redirect(ConsoleAuthentication.SignInPath + "?signedOut=true");
        }

        var provider = principal.FindFirst(ConsoleIdentity.ProviderClaim)?.Value;
        var (providerScheme, unreachable) = provider is null ? (null, null) : await EndSessionSchemeAsync(provider, ct);
        if (providerScheme is not null)
        {
            // First, while the cookie still holds the id_token the handler sends as id_token_hint. Its redirect to
            // the provider is the response; the provider sends the browser back to this handler's signed-out
            // callback, which goes on to the page below.
            await HttpContext.SignOutAsync(providerScheme, new AuthenticationProperties
            {
                RedirectUri = $"{ConsoleAuthentication.SignInPath}?signedOut=true&endedAt={Uri.EscapeDataString(provider!)}",
            });
        }

        await HttpContext.SignOutAsync(ConsoleAuthentication.CookieScheme);
        ConsoleLog.SignedOut(logger, user);
        if (unreachable is not null)
        {
            ConsoleLog.SignOutProviderUnreachable(logger, user, provider!, unreachable);
        }

        var at = provider is null ? "signed out"
            : providerScheme is not null ? $"signed out here and at {provider}"
            : unreachable is not null ? $"signed out here; {provider} could not be reached to end its session there"
            : $"signed out; still signed in at {provider}";
        await audit.RecordAsync(new Actor(user, ConsoleAuthentication.Surface), "console.signout", null, at, ct);
        return providerScheme is not null
            ? new EmptyResult()
            : Redirect(ConsoleAuthentication.SignInPath + "?signedOut=true" + (provider is null ? ""
                : $"&{(unreachable is null ? "stillAt" : "notReached")}={Uri.EscapeDataString(provider)}"));
    }

    /// <summary>The provider's scheme when it is still configured and publishes an end-session endpoint; or why its
    /// discovery could not be read now.</summary>
    private async Task<(string? Scheme, string? Unreachable)> EndSessionSchemeAsync(string provider, CancellationToken ct)
    {
        var scheme = ConsoleAuthentication.SchemeFor(provider);
        if (await schemes.GetSchemeAsync(scheme) is null)
        {
            return (null, null);
        }

        var (endpoint, unreachable) = await ConsoleAuthentication.EndSessionEndpointAsync(oidc.Get(scheme), time, ct);
        return (endpoint is null ? null : scheme, unreachable);
    }
}
