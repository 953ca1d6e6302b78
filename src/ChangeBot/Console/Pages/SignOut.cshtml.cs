using ChangeBot.Core.Audit;
using ChangeBot.Core.Operations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>Ends the console sign-in (POST only, antiforgery-checked) and audits it. The provider's own session
/// is left alone: signing out of Slack or Microsoft is the person's choice.</summary>
internal sealed class SignOutModel(AuditTrail audit, ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/SignIn");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Anonymous page: the cookie is read here, not by an authorization policy.
        var result = await HttpContext.AuthenticateAsync(ConsoleAuthentication.CookieScheme);
        if (result.Principal is { } principal && ConsoleIdentity.UserOf(principal) is { } user)
        {
            await HttpContext.SignOutAsync(ConsoleAuthentication.CookieScheme);
            ConsoleLog.SignedOut(logger, user);
            await audit.RecordAsync(new Actor(user, ConsoleAuthentication.Surface), "console.signout", null, "signed out", ct);
        }

        return Redirect(ConsoleAuthentication.SignInPath + "?signedOut=true");
    }
}
