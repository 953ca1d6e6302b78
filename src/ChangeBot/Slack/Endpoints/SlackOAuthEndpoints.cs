using System.Text.Encodings.Web;
using ChangeBot.Core.Storage;
using ChangeBot.Slack.WebApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ChangeBot.Slack.Endpoints;

/// <summary>
/// GET /slack/install and /slack/oauth/callback: OAuth v2 installs into many workspaces. Each install's
/// bot token is stored, protected, per (org, workspace) — or for the whole org, for an org-wide install —
/// and used for every later call there (see <see cref="SlackTokenProvider"/>).
/// </summary>
internal static class SlackOAuthEndpoints
{
    public const string AuthorizeUrl = "https://slack.com/oauth/v2/authorize";

    /// <summary>Must match <c>oauth_config.scopes.bot</c> in manifests/slack/app-manifest.yaml.</summary>
    public static readonly IReadOnlyList<string> BotScopes =
        ["app_mentions:read", "channels:history", "chat:write", "chat:write.public", "commands", "groups:history", "im:history", "users:read"];

    public static IResult Install(HttpContext context, IOptions<SlackOptions> options, TimeProvider time)
    {
        var o = options.Value;
        if (!o.OAuthEnabled)
        {
            return Results.NotFound();
        }

        var (state, nonce) = SlackOAuthState.Create(o.ClientSecret!, time.GetUtcNow());
        context.Response.Cookies.Append(SlackOAuthState.CookieName, nonce, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax, // sent on Slack's top-level redirect back to us
            Path = "/slack/oauth",
            MaxAge = SlackOAuthState.Lifetime,
        });
        var url = QueryHelpers.AddQueryString(AuthorizeUrl, new Dictionary<string, string?>
        {
            ["client_id"] = o.ClientId,
            ["scope"] = string.Join(',', BotScopes),
            ["redirect_uri"] = RedirectUri(context.Request),
            ["state"] = state,
        });
        return Results.Redirect(url);
    }

    public static async Task<IResult> CallbackAsync(HttpContext context, IOptions<SlackOptions> options, TimeProvider time,
        IChangeBotStore store, SlackApiClient api, SlackTokenProvider tokens, ILogger<SlackApiClient> logger)
    {
        var o = options.Value;
        if (!o.OAuthEnabled)
        {
            return Results.NotFound();
        }

        var query = context.Request.Query;
        var cookie = context.Request.Cookies[SlackOAuthState.CookieName];
        context.Response.Cookies.Delete(SlackOAuthState.CookieName, new CookieOptions { Path = "/slack/oauth" });
        if (query["error"].ToString() is { Length: > 0 } error)
        {
            SlackLog.InstallFailed(logger, "declined: " + error);
            return Page(StatusCodes.Status200OK, "Install cancelled", "ChangeBot was not installed. You can start again from /slack/install.");
        }

        var nonce = SlackOAuthState.Validate(o.ClientSecret!, query["state"], cookie, time.GetUtcNow());
        if (nonce is null || !await store.TryMarkEventProcessedAsync("slack:oauth-state:" + nonce, time.GetUtcNow(), context.RequestAborted))
        {
            SlackLog.InstallFailed(logger, "state missing, forged, expired or reused");
            return Page(StatusCodes.Status400BadRequest, "Install link expired", "This install link is invalid, expired or was already used. Start again from /slack/install in the same browser.");
        }

        if (query["code"].ToString() is not { Length: > 0 } code)
        {
            return Page(StatusCodes.Status400BadRequest, "Install failed", "Slack did not send an authorization code.");
        }

        OAuthAccessResponse access;
        try
        {
            access = await api.OAuthAccessAsync(code, RedirectUri(context.Request), context.RequestAborted);
        }
        catch (SlackApiException e)
        {
            SlackLog.InstallFailed(logger, e.Error);
            return Page(StatusCodes.Status502BadGateway, "Install failed", $"Slack refused the install ({e.Error}). Start again from /slack/install.");
        }

        var key = access.IsEnterpriseInstall ? access.Enterprise?.Id : access.Team?.Id;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(access.AccessToken))
        {
            SlackLog.InstallFailed(logger, "oauth.v2.access returned no workspace or token");
            return Page(StatusCodes.Status502BadGateway, "Install failed", "Slack's answer had no workspace or bot token.");
        }

        await tokens.StoreAsync(access.Enterprise?.Id, access.IsEnterpriseInstall ? null : access.Team?.Id, access.AccessToken, context.RequestAborted);
        var name = (access.IsEnterpriseInstall ? access.Enterprise?.Name : access.Team?.Name) ?? key;
        SlackLog.Installed(logger, key, name);
        return Page(StatusCodes.Status200OK, "ChangeBot installed", $"ChangeBot is installed in {name}. In a channel, type /changebot subscribe to hear about notices.");
    }

    private static string RedirectUri(HttpRequest request) => $"{request.Scheme}://{request.Host}/slack/oauth/callback";

    private static IResult Page(int status, string title, string text)
    {
        var html = $"<!doctype html><meta charset=\"utf-8\"><title>{HtmlEncoder.Default.Encode(title)}</title>"
            + $"<h1>{HtmlEncoder.Default.Encode(title)}</h1><p>{HtmlEncoder.Default.Encode(text)}</p>";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
