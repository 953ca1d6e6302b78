using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>The provider chooser. A console page asked for without a (valid, unexpired) sign-in redirects
/// here with <c>returnUrl</c>; choosing a provider is a POST (antiforgery-checked, so another site cannot
/// start a sign-in) that challenges that provider's scheme and comes back to <c>returnUrl</c>.</summary>
internal sealed class SignInModel(IOptions<ConsoleOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = ConsoleAuthentication.ReturnUrlParameter)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Failed { get; set; }

    [BindProperty(SupportsGet = true, Name = "signedOut")]
    public bool SignedOut { get; set; }

    /// <summary>After sign-out: the provider whose session was ended too (it has an end-session endpoint).</summary>
    [BindProperty(SupportsGet = true)]
    public string? EndedAt { get; set; }

    /// <summary>After sign-out: the provider whose session is still open (it offers no sign-out for other sites).</summary>
    [BindProperty(SupportsGet = true)]
    public string? StillAt { get; set; }

    /// <summary>After sign-out: the provider that could not be reached to end its session (its discovery failed).</summary>
    [BindProperty(SupportsGet = true)]
    public string? NotReached { get; set; }

    public IReadOnlyList<(string Name, string Label)> Providers { get; } =
        [.. options.Value.Providers.Select(p => (p.Key, p.Value.DisplayName ?? p.Key)).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)];

    public string SafeReturnUrl => ConsoleUrls.SafeReturnUrl(ReturnUrl);

    public string? FailedProvider => LabelOf(Failed);

    public string? EndedAtProvider => LabelOf(EndedAt);

    public string? StillAtProvider => LabelOf(StillAt);

    public string? NotReachedProvider => LabelOf(NotReached);

    /// <summary>Only a configured provider's label is shown, never the query's text.</summary>
    private string? LabelOf(string? name) => Providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Label;

    public void OnGet()
    {
    }

    public IActionResult OnPost(string? provider)
    {
        var chosen = Providers.FirstOrDefault(p => string.Equals(p.Name, provider, StringComparison.OrdinalIgnoreCase)).Name;
        if (chosen is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Failed = null;
            ModelState.AddModelError("provider", $"'{provider}' is not a configured sign-in provider.");
            return Page();
        }

        return Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl }, ConsoleAuthentication.SchemeFor(chosen));
    }
}
