using System.Net;
using System.Text.RegularExpressions;

namespace ChangeBot.Testing.SupportConsole;

/// <summary>
/// Walks the console's sign-in as a browser would, with HTTP clients that do not follow redirects: the console
/// page redirects to the provider chooser, its form (with its antiforgery token) challenges the provider, the
/// provider redirects back to the callback, and the callback sets the cookie and returns to the page.
/// <paramref name="app"/> must keep cookies and not follow redirects.
/// </summary>
public static partial class ConsoleSignIn
{
    /// <summary>Signs in through <paramref name="provider"/> starting at <paramref name="path"/> and returns
    /// the page the console finally sends the browser to, plus the callback URL the provider redirected to.</summary>
    public static async Task<(HttpResponseMessage Page, Uri Callback)> SignInAsync(HttpClient app, string path = "/console", string provider = "Slack")
    {
        var ct = TestContext.Current.CancellationToken;
        using var start = await app.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var chooser = start.Headers.Location!;
        Assert.StartsWith("/console/signin", chooser.IsAbsoluteUri ? chooser.PathAndQuery : chooser.OriginalString, StringComparison.Ordinal);
        using var callback = await ChooseProviderAsync(app, chooser, provider);
        var cookieSet = await FollowCallbackAsync(app, callback);
        return (await app.GetAsync(cookieSet, ct), callback.Headers.Location!);
    }

    /// <summary>Posts the chooser's form for <paramref name="provider"/> and lets the provider answer: the
    /// response is the provider's redirect back to the console's callback.</summary>
    public static async Task<HttpResponseMessage> ChooseProviderAsync(HttpClient app, Uri chooser, string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var html = await app.GetStringAsync(chooser, ct);
        var token = AntiforgeryToken(html);
        var returnUrl = WebUtility.HtmlDecode(ReturnUrl().Match(html).Groups[1].Value);
        using var challenge = await app.PostAsync("/console/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["provider"] = provider,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }), ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await idp.GetAsync(challenge.Headers.Location!, ct);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"the provider refused: {await answer.Content.ReadAsStringAsync(ct)}");
        return answer;
    }

    /// <summary>Sends the provider's redirect to the console's callback; returns where the console goes next.</summary>
    public static async Task<Uri> FollowCallbackAsync(HttpClient app, HttpResponseMessage providerRedirect)
    {
        var ct = TestContext.Current.CancellationToken;
        var callback = providerRedirect.Headers.Location!;
        using var done = await app.GetAsync(callback.PathAndQuery, ct);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return done.Headers.Location!;
    }

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = Token().Match(html);
        Assert.True(match.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrl();
}
