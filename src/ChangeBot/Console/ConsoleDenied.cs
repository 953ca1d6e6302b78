using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChangeBot.SupportConsole;

/// <summary>
/// The answer for someone signed in but not on the support list, under <c>/console</c> and <c>/hangfire</c>
/// alike: 403 and a page that says so, shows nothing else, and offers to sign out (to try another account).
/// Written by the cookie handler's forbid step, so no page or dashboard code runs for them.
/// </summary>
internal static class ConsoleDenied
{
    public const string Title = "Not on the support list";

    public static async Task WriteAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        var user = ConsoleIdentity.UserOf(http.User) ?? "unknown";
        ConsoleLog.NotOnSupportList(http.RequestServices.GetRequiredService<ILogger<ConsoleOptions>>(), user, http.Request.Path);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        ConsoleHeaders.Apply(http);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Title}} - ChangeBot</title>
            <link rel="stylesheet" href="/console/assets/console.css">
            </head>
            <body>
            <main class="narrow">
            <h1>{{Title}}</h1>
            <p>You are signed in as <code>{{html.Encode(user)}}</code>. Only the people listed in
            <code>ChangeBot:SupportUsers</code> can use the support console and the job dashboard.
            Ask an administrator to add this id, or sign in with another account.</p>
            <form method="post" action="{{ConsoleAuthentication.SignOutPath}}">
            <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
            <button type="submit">Sign out</button>
            </form>
            </main>
            </body>
            </html>
            """, http.RequestAborted);
    }
}
