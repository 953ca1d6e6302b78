using System.Security.Claims;
using ChangeBot.Api;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Operations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChangeBot.SupportConsole;

/// <summary>
/// Sign-in for the console and the job dashboard: a cookie (<c>changebot.console</c>) issued after an OpenID
/// Connect sign-in at one of the configured providers (authorization code with PKCE and a nonce). The cookie
/// holds only the chat id, the display name and the provider; whether that id may do anything is decided on
/// every request (<see cref="ConsoleAuthorization"/>), so removing someone from the list takes effect at once.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string CookieScheme = "Console";

    public const string CookieName = "changebot.console";

    /// <summary>The dashboard's scheme: an API token when the request carries credentials, the console cookie otherwise.</summary>
    public const string DashboardScheme = "ConsoleOrApiToken";

    public const string SignInPath = "/console/signin";

    public const string SignOutPath = "/console/signout";

    public const string ReturnUrlParameter = "returnUrl";

    public const string Surface = "console";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>How long sign-out waits for a provider's discovery document it has not read yet. Sign-out does not need
    /// it to end the console's sign-in, so a provider that takes the connection and never answers must not hold the
    /// page for the handler's backchannel timeout (a minute); sign-in keeps that timeout, since it cannot go on without
    /// discovery and a slow provider is still better than none.</summary>
    public static readonly TimeSpan DiscoveryWaitAtSignOut = TimeSpan.FromSeconds(5);

    public static string SchemeFor(string provider) => "Console." + provider.ToLowerInvariant();

    public static string CallbackPathFor(string provider) => "/signin-" + provider.ToLowerInvariant();

    /// <summary>Where a provider sends the browser back after ending its session (one path per provider: each
    /// handler reads only its own state).</summary>
    public static string SignedOutCallbackPathFor(string provider) => "/signout-callback-" + provider.ToLowerInvariant();

    public static AuthenticationBuilder AddConsoleAuthentication(this AuthenticationBuilder auth, ConsoleOptions options)
    {
        auth.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the client used https (behind a proxy: as Hosting/ForwardedHeadersSetup.cs restored it).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = Lifetime;
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.ReturnUrlParameter = ReturnUrlParameter;
            o.Events.OnRedirectToAccessDenied = ConsoleDenied.WriteAsync;
        });

        auth.AddPolicyScheme(DashboardScheme, null, o => o.ForwardDefaultSelector = DashboardSchemeFor);

        foreach (var (name, provider) in options.Providers)
        {
            var identity = ConsoleIdentity.For(name, provider);
            auth.AddOpenIdConnect(SchemeFor(name), provider.DisplayName ?? name, o => Configure(o, name, provider, identity));
        }

        return auth;
    }

    /// <summary>Scripts send an API token (Bearer, or Basic as the password); a browser without one uses the
    /// console's sign-in, so it is sent there instead of getting a Basic prompt.</summary>
    private static string DashboardSchemeFor(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.Count > 0)
        {
            return ApiTokenAuthentication.SchemeName;
        }

        var browser = request.Cookies.ContainsKey(CookieName)
            || request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        return browser ? CookieScheme : ApiTokenAuthentication.SchemeName;
    }

    private static void Configure(OpenIdConnectOptions o, string name, ConsoleProvider provider, ConsoleIdentity identity)
    {
        var authority = new Uri(provider.Authority!);
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = string.IsNullOrWhiteSpace(provider.ClientSecret) ? null : provider.ClientSecret;
        // The validator allows plain http only for a loopback authority (tests, a local identity provider).
        o.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps;
        o.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back on a top-level GET, so the Lax correlation and nonce cookies travel with it
        // (form_post would need SameSite=None). The query is kept out of logs by Hosting/LogRedaction.cs.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.CallbackPath = CallbackPathFor(name);
        o.SignedOutCallbackPath = SignedOutCallbackPathFor(name);
        o.RemoteSignOutPath = "/signout-oidc-" + name.ToLowerInvariant();
        o.SignedOutRedirectUri = ConsoleUrls.Home;
        o.SignInScheme = CookieScheme;
        o.Scope.Clear();
        o.Scope.Add(OpenIdConnectScope.OpenId);
        o.Scope.Add("profile");
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SaveTokens = false;
        o.DisableTelemetry = true;
        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        o.Events.OnTokenValidated = context => SignedInAsync(context, name, identity);
        o.Events.OnRemoteFailure = context => FailedAsync(context, name);
    }

    /// <summary>Keeps only who the person is in chat; the provider's other claims and tokens are not stored, except the
    /// id_token of a provider that can end its session (an <c>end_session_endpoint</c>): sign-out sends it back there
    /// as <c>id_token_hint</c> (Pages/SignOut.cshtml.cs).</summary>
    private static async Task SignedInAsync(TokenValidatedContext context, string provider, ConsoleIdentity identity)
    {
        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILogger<ConsoleOptions>>();
        var (userId, error) = identity.Map(context.Principal!);
        if (userId is null)
        {
            ConsoleLog.SignInRefused(logger, provider, error!);
            context.Fail(error!);
            return;
        }

        var display = context.Principal!.FindFirst("name")?.Value is { Length: > 0 and <= 200 } n ? n : userId;
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ConsoleIdentity.UserClaim, userId), new Claim(ConsoleIdentity.NameClaim, display), new Claim(ConsoleIdentity.ProviderClaim, provider)],
            CookieScheme, ConsoleIdentity.NameClaim, null));
        if (context.TokenEndpointResponse?.IdToken is { Length: > 0 } idToken
            && (await EndSessionEndpointAsync(context.Options, services.GetRequiredService<TimeProvider>(), context.HttpContext.RequestAborted)).Endpoint is not null)
        {
            context.Properties!.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
        }

        var support = services.GetRequiredService<Core.Conversations.SupportPolicy>().IsSupport(userId);
        ConsoleLog.SignedIn(logger, userId, provider);
        // A stranger's refusals are audited once an hour at most (RefusedSignInAudit), so they cannot fill the log.
        if (!support && services.GetRequiredService<RefusedSignInAudit>().WhyNotAudited(provider, userId) is { } why)
        {
            ConsoleLog.RefusalNotAudited(logger, userId, provider, why);
            return;
        }

        await services.GetRequiredService<AuditTrail>().RecordAsync(new Actor(userId, Surface), "console.signin", null,
            support ? $"through {provider}" : $"through {provider}; not on the support list", context.HttpContext.RequestAborted);
    }

    /// <summary>The provider's <c>end_session_endpoint</c> from its discovery document: null when it has none (Slack),
    /// or when its discovery cannot be read now, and then <c>Unreachable</c> says why (sign-out then cannot tell whether
    /// the provider has a session to end, and must not say it has no sign-out). A provider that does not answer within
    /// <see cref="DiscoveryWaitAtSignOut"/> on <paramref name="time"/> counts as not reached; its request goes on in the
    /// background (within the backchannel timeout) and fills the handler's cache if it ever succeeds.</summary>
    public static async Task<(string? Endpoint, string? Unreachable)> EndSessionEndpointAsync(OpenIdConnectOptions options, TimeProvider time, CancellationToken ct)
    {
        // The timer starts before the request, so the bound counts from the start (and a fake clock advanced once the
        // provider saw the request always reaches it: tests/ChangeBot.Tests/SupportConsole/ConsoleSignInTests.cs).
        using var bound = new CancellationTokenSource(DiscoveryWaitAtSignOut, time);
        using var boundOrAborted = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, ct);
        try
        {
            var configuration = options.ConfigurationManager is { } manager
                ? await manager.GetConfigurationAsync(ct).WaitAsync(boundOrAborted.Token)
                : options.Configuration;
            return (string.IsNullOrEmpty(configuration?.EndSessionEndpoint) ? null : configuration.EndSessionEndpoint, null);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return (null, $"no answer within {DiscoveryWaitAtSignOut.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>A sign-in that did not complete (refused at the provider, stale or forged callback, missing
    /// claim) goes back to the sign-in page; the reason is logged, never the callback's code or state.</summary>
    private static Task FailedAsync(RemoteFailureContext context, string provider)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<ConsoleOptions>>();
        ConsoleLog.SignInFailed(logger, provider, context.Failure?.Message ?? "unknown");
        var returnUrl = ConsoleUrls.SafeReturnUrl(context.Properties?.RedirectUri);
        context.Response.Redirect($"{SignInPath}?failed={Uri.EscapeDataString(provider)}&{ReturnUrlParameter}={Uri.EscapeDataString(returnUrl)}");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}

/// <summary>Where the console may send someone after sign-in: only its own pages and the dashboard.</summary>
internal static class ConsoleUrls
{
    public const string Home = "/console";

    public static string SafeReturnUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2000 || !url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal)
            || url.Contains('\\', StringComparison.Ordinal) || url.Any(char.IsControl))
        {
            return Home;
        }

        var path = new PathString(url.Split('?', '#')[0]);
        return path.StartsWithSegments(Home, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase)
            ? url
            : Home;
    }
}
