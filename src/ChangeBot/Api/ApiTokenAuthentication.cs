using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using ChangeBot.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChangeBot.Api;

/// <summary>
/// The REST API's and the job dashboard's one authentication scheme: a token from <c>ChangeBot:ApiTokens</c>.
/// The caller's name is the token's fingerprint, so audit entries and rate limits never hold the token.
/// </summary>
/// <remarks>
/// Browsers resend Basic credentials and cookies on cross-site requests by themselves; a bearer header they
/// never add on their own. So Basic is accepted only under <c>/hangfire</c> (a browser has to log in there,
/// and the dashboard's commands are antiforgery-protected), and a REST call that changes something is
/// refused when it carries cookies or Basic credentials: a hostile page cannot forge it with an operator's
/// browser.
/// </remarks>
internal sealed partial class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The policy behind <c>RequireAuthorization</c> on the REST API and the dashboard.</summary>
    public const string Policy = "ApiToken";

    public const string ApiPrefix = "/api/v1";

    public const string DashboardPrefix = "/hangfire";

    private readonly ILogger _refusals = loggerFactory.CreateLogger<ApiTokenAuthentication>();

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(ApiPrefix);

    private static bool IsDashboard(HttpRequest request) => request.Path.StartsWithSegments(DashboardPrefix);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Other paths (chat webhooks carry their own, unrelated Authorization headers) are not this scheme's.
        if (!IsApi(Request) && !IsDashboard(Request))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var header = Request.Headers.Authorization.ToString();
        string? token;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!IsDashboard(Request))
            {
                return Fail("Basic credentials are accepted only by the job dashboard (/hangfire); send the token as 'Authorization: Bearer <token>'.");
            }

            token = BasicPassword(header["Basic ".Length..].Trim());
        }
        else
        {
            return Fail(header.Length == 0 ? "A bearer token from ChangeBot:ApiTokens is required." : "Only a bearer token from ChangeBot:ApiTokens is accepted.");
        }

        if (!tokens.IsValid(token))
        {
            return Fail("The bearer token is not valid.");
        }

        if (IsApi(Request) && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) && Request.Headers.Cookie.Count > 0)
        {
            return Fail("A REST call that changes something must not carry cookies (browsers add them to cross-site requests); send only the bearer token.");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, ApiTokens.Fingerprint(token!))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var remote = Context.Connection.RemoteIpAddress?.ToString();
        if (IsDashboard(Request))
        {
            // Logged like the REST API's refusals (never with the credentials); no body that names Hangfire.
            LogDashboardRefused(_refusals, Request.Method, Request.Path, remote);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Basic realm=\"ChangeBot jobs\", charset=\"UTF-8\"";
            return;
        }

        LogRefused(_refusals, Request.Method, Request.Path, remote);
        var reason = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message ?? "A bearer token from ChangeBot:ApiTokens is required.";
        Response.Headers.WWWAuthenticate = "Bearer realm=\"ChangeBot\"";
        await Results.Problem(reason, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    private static Task<AuthenticateResult> Fail(string reason) => Task.FromResult(AuthenticateResult.Fail(reason));

    /// <summary>The password of Basic auth (what a browser prompts for); the user name is ignored.</summary>
    private static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? decoded[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(HostEventIds.Refused, LogLevel.Warning, "Refused unauthenticated REST call {Method} {Path} from {Remote}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote);

    [LoggerMessage(HostEventIds.DashboardRefused, LogLevel.Warning, "Refused unauthenticated job dashboard request {Method} {Path} from {Remote}")]
    private static partial void LogDashboardRefused(ILogger logger, string method, string path, string? remote);
}

/// <summary>Who made a REST call, for the audit: the token's fingerprint.</summary>
internal static class ApiActor
{
    public static Core.Operations.Actor Of(HttpContext http) => new(http.User.Identity?.Name ?? "rest:unknown", "rest");
}
