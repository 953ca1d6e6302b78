using System.Net;
using ChangeBot.Core.Storage;
using ChangeBot.SupportConsole;
using ChangeBot.Testing;
using ChangeBot.Tests.Api;
using ChangeBot.Testing.SupportConsole;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>Signing in to the console (docs/console.md) through the real pipeline and a loopback OpenID Connect
/// provider: who gets in, who gets the 403 page, and what the sign-in leaves behind.</summary>
public sealed class ConsoleSignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Support_SignsInWithSlack_SeesTheNoticesAndTheSignInIsAudited()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);

        var (page, _) = await ConsoleSignIn.SignInAsync(client);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h1>Notices</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-notice=\"api-sandbox-tls-certificate\"", html, StringComparison.Ordinal);
        Assert.Contains("Sam Support", html, StringComparison.Ordinal);
        // The provider saw PKCE (S256) and a nonce, and checked the verifier at the token endpoint.
        Assert.Equal(1, host.Provider.PkceVerified);
        Assert.Empty(host.Provider.Refusals);
        var audit = await host.App.Services.GetRequiredService<IAuditLog>().ListAuditAsync(50, Ct);
        var signIn = Assert.Single(audit, e => e.Action == "console.signin");
        Assert.Equal("slack:" + ConsoleHost.Support, signIn.Actor);
        Assert.Equal("console", signIn.Surface);
        Assert.Equal("through Slack", signIn.Details);
    }

    [Fact]
    public async Task TheCookie_IsHttpOnlyLaxAndHoldsNoProviderToken()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);
        using var chooser = await client.GetAsync("/console", Ct);
        using var providerRedirect = await ConsoleSignIn.ChooseProviderAsync(client, chooser.Headers.Location!, "Slack");

        using var callback = await client.GetAsync(providerRedirect.Headers.Location!.PathAndQuery, Ct);

        var cookie = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("changebot.console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain http here; behind https (or a proxy saying so) the cookie is Secure.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/console", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheCookie_IsSecure_WhenTheRequestCameOverHttps()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);
        using var chooser = await client.GetAsync("/console", Ct);
        using var providerRedirect = await ConsoleSignIn.ChooseProviderAsync(client, chooser.Headers.Location!, "Slack");

        using var callback = await client.GetAsync(providerRedirect.Headers.Location!.PathAndQuery, Ct);

        Assert.StartsWith("https://localhost/signin-slack?", providerRedirect.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var cookie = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("changebot.console=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Entra", "msteams:" + ConsoleHost.EntraSupport)]
    [InlineData("Corp", "directline:" + ConsoleHost.CorpSupport)]
    public async Task OtherProviders_MapTheirClaimToTheChatId(string provider, string expected)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();
        host.Provider.NextUser = provider == "Entra"
            ? LoopbackOidcProvider.EntraUser(ConsoleHost.EntraSupport)
            : new() { ["preferred_username"] = ConsoleHost.CorpSupport, ["name"] = "Alice" };

        var (page, _) = await ConsoleSignIn.SignInAsync(client, provider: provider);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(expected, await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/audit")]
    [InlineData("/console/audit?surface=console")]
    [InlineData("/console/no-such-page")]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    public async Task Stranger_GetsTheNotOnTheSupportListPageAndNothingElse(string path)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Stranger);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h1>Not on the support list</h1>", html, StringComparison.Ordinal);
        Assert.Contains("slack:" + ConsoleHost.Stranger, html, StringComparison.Ordinal);
        Assert.DoesNotContain("api-sandbox-tls-certificate", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hangfire", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var audit = await host.App.Services.GetRequiredService<IAuditLog>().ListAuditAsync(50, Ct);
        Assert.Contains(audit, e => e.Action == "console.signin" && e.Details == "through Slack; not on the support list");
    }

    /// <summary>Anyone with an account at a configured provider can be refused, so refusals must not fill the audit log:
    /// a person's first refusal in an hour is audited, the others are logged; after the hour, audited again.</summary>
    [Fact]
    public async Task Stranger_SigningInAgainAndAgain_IsAuditedOnceAnHour_AndTheRestAreLogged()
    {
        await using var host = await ConsoleHost.StartAsync(fakeClock: true);
        var auditLog = host.App.Services.GetRequiredService<IAuditLog>();
        async Task<int> RefusalsAuditedAsync() => (await auditLog.ListAuditAsync(1000, Ct))
            .Count(e => e.Action == "console.signin" && e.Actor == "slack:" + ConsoleHost.Stranger && e.Details == "through Slack; not on the support list");

        for (var i = 0; i < 3; i++)
        {
            (await host.SignedInAsync(ConsoleHost.Stranger)).Dispose();
        }

        var withinTheHour = await RefusalsAuditedAsync();
        host.Clock!.Advance(ChangeBot.SupportConsole.RefusedSignInAudit.Window);
        (await host.SignedInAsync(ConsoleHost.Stranger)).Dispose();

        Assert.Equal(1, withinTheHour);
        Assert.Equal(2, await RefusalsAuditedAsync());
        Assert.Equal(2, host.Logs.Lines.Count(l => l.Contains($"Console sign-in of slack:{ConsoleHost.Stranger} through Slack: not on the support list; not audited, because this person's refusal was audited in the last hour", StringComparison.Ordinal)));
        // Support's own sign-ins are audited every time.
        (await host.SignedInAsync(ConsoleHost.Support)).Dispose();
        (await host.SignedInAsync(ConsoleHost.Support)).Dispose();
        Assert.Equal(2, (await auditLog.ListAuditAsync(1000, Ct)).Count(e => e.Action == "console.signin" && e.Actor == "slack:" + ConsoleHost.Support));
    }

    /// <summary>Many accounts at one provider: at most <see cref="ChangeBot.SupportConsole.RefusedSignInAudit.MaxPerWindow"/>
    /// refusals through it are audited an hour; the next stranger is logged only.</summary>
    [Fact]
    public async Task ManyStrangers_AtOneProvider_AreAuditedUpToTheHourlyCap()
    {
        const int Cap = ChangeBot.SupportConsole.RefusedSignInAudit.MaxPerWindow;
        await using var host = await ConsoleHost.StartAsync(fakeClock: true);

        for (var i = 0; i <= Cap; i++)
        {
            (await host.SignedInAsync($"U0STRANGER{i:000}")).Dispose();
        }

        var audit = await host.App.Services.GetRequiredService<IAuditLog>().ListAuditAsync(1000, Ct);
        Assert.Equal(Cap, audit.Count(e => e.Action == "console.signin" && e.Details == "through Slack; not on the support list"));
        Assert.DoesNotContain(audit, e => e.Actor == $"slack:U0STRANGER{Cap:000}");
        Assert.Contains(host.Logs.Lines, l => l.Contains($"Console sign-in of slack:U0STRANGER{Cap:000} through Slack: not on the support list; not audited, because {Cap} refusals through Slack were audited in the last hour", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Support_OpensTheJobDashboardWithTheConsoleSignIn_AndAnApiTokenStillWorks()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        using var dashboard = await client.GetAsync("/hangfire/recurring", Ct);
        using var script = host.App.CreateClient();
        script.DefaultRequestHeaders.Authorization = new("Bearer", ApiClient.Token);
        using var scripted = await script.GetAsync("/hangfire/recurring", Ct);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("changebot-sweep", await dashboard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithoutSignIn_SendsABrowserToTheConsoleSignIn_AndAScriptGetsTheBasicChallenge()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var browser = host.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire/jobs/enqueued");
        request.Headers.Accept.ParseAdd("text/html");

        using var page = await browser.SendAsync(request, Ct);
        using var script = await host.App.CreateClient().GetAsync("/hangfire", Ct);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/console/signin?returnUrl=%2Fhangfire%2Fjobs%2Fenqueued", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, script.StatusCode);
        Assert.Equal("Basic", script.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task SignIn_ReturnsToTheRequestedPageWithItsQuery()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();
        host.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);

        var (page, _) = await ConsoleSignIn.SignInAsync(client, "/console/audit?surface=console");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/console/audit?surface=console", page.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("<h1>Audit log</h1>", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredSignIn_AsksToSignInAgain_AndReturnsToThePage()
    {
        await using var host = await ConsoleHost.StartAsync(fakeClock: true);
        using var client = await host.SignedInAsync(ConsoleHost.Support);
        using (var fresh = await client.GetAsync("/console/audit", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        host.Clock!.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        var (page, _) = await ConsoleSignIn.SignInAsync(client, "/console/audit?action=console.signin");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/console/audit?action=console.signin", page.RequestMessage!.RequestUri!.PathAndQuery);
    }

    /// <summary>A provider without an end_session_endpoint (Slack has none): the console's sign-in ends, and the page
    /// says the session at the provider is still open.</summary>
    [Fact]
    public async Task SignOut_EndsTheSignInAndIsAudited()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        using var signOut = await SignOutAsync(client);
        var page = await client.GetStringAsync(signOut.Headers.Location, Ct);
        using var after = await client.GetAsync("/console", Ct);

        Assert.Equal("/console/signin?signedOut=true&stillAt=Slack", signOut.Headers.Location!.OriginalString);
        Assert.Contains("You are signed out of the console. Slack does not let other sites sign you out", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Empty(host.Provider.EndedSessions);
        var audit = await host.App.Services.GetRequiredService<IAuditLog>().ListAuditAsync(50, Ct);
        Assert.Contains(audit, e => e.Action == "console.signout" && e.Actor == "slack:" + ConsoleHost.Support && e.Surface == "console"
            && e.Details == "signed out; still signed in at Slack");
    }

    /// <summary>A provider that publishes an end_session_endpoint: sign-out goes there with the id_token it issued as
    /// id_token_hint, and the provider sends the browser back to the console.</summary>
    [Fact]
    public async Task SignOut_AtAProviderWithEndSession_EndsTheSessionThereToo_AndComesBack()
    {
        await using var host = await ConsoleHost.StartAsync();
        host.Provider.OffersEndSession = true;
        using var client = await host.SignedInAsync(ConsoleHost.Support);

        using var signOut = await SignOutAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith(host.Provider.Authority + "/endsession?", signOut.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var back = await idp.GetAsync(signOut.Headers.Location, Ct);
        using var callback = await client.GetAsync(back.Headers.Location!.PathAndQuery, Ct);
        var page = await client.GetStringAsync(callback.Headers.Location, Ct);
        using var after = await client.GetAsync("/console", Ct);

        Assert.Equal([ConsoleHost.Support], host.Provider.EndedSessions);
        var hint = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(signOut.Headers.Location.Query)["id_token_hint"].ToString();
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(hint, StringComparison.Ordinal));
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back.Headers.Location.Query)["state"].ToString();
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(state, StringComparison.Ordinal));
        Assert.Equal("/signout-callback-slack", back.Headers.Location!.AbsolutePath);
        Assert.Equal("/console/signin?signedOut=true&endedAt=Slack", callback.Headers.Location!.OriginalString);
        Assert.Contains("You are signed out of the console and of Slack.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        var audit = await host.App.Services.GetRequiredService<IAuditLog>().ListAuditAsync(50, Ct);
        Assert.Contains(audit, e => e.Action == "console.signout" && e.Details == "signed out here and at Slack");
    }

    /// <summary>The server restarted while the provider is down: its discovery cannot be read at sign-out, so whether it
    /// has a session to end is unknown. The console's cookie is cleared, and the page says the provider could not be
    /// reached (it used to say the provider lets no other site sign you out).</summary>
    [Fact]
    public async Task SignOut_WhenTheProvidersDiscoveryCannotBeRead_ClearsTheCookieAndSaysTheProviderCouldNotBeReached()
    {
        using var data = new TempDirectory();
        var sameData = new Dictionary<string, string?> { ["ChangeBot:DataDirectory"] = data.Path };
        var consoleCookies = await CookiesOfASignInBeforeARestartAsync(sameData);

        // The restarted server reads the cookie (its keys are in the store) but not the provider's discovery.
        await using var host = await ConsoleHost.StartAsync(more: sameData);
        host.Provider.DiscoveryDown = true;
        using var client = host.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var post = await SignOutPostAsync(client, consoleCookies);

        using var signOut = await client.SendAsync(post, Ct);

        await AssertSignedOutButProviderNotReachedAsync(host, client, signOut);
    }

    /// <summary>The server restarted, and the provider accepts the discovery request but never answers (the handler's
    /// backchannel would wait 60 s). Sign-out gives up after <see cref="ConsoleAuthentication.DiscoveryWaitAtSignOut"/>
    /// on the server's clock and says the provider could not be reached, as when discovery fails outright.</summary>
    [Fact]
    public async Task SignOut_WhenTheProviderNeverAnswersDiscovery_GivesUpAfterTheBoundAndSaysTheProviderCouldNotBeReached()
    {
        using var data = new TempDirectory();
        var sameData = new Dictionary<string, string?> { ["ChangeBot:DataDirectory"] = data.Path };
        var consoleCookies = await CookiesOfASignInBeforeARestartAsync(sameData);

        await using var host = await ConsoleHost.StartAsync(fakeClock: true, more: sameData);
        using var client = host.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var post = await SignOutPostAsync(client, consoleCookies);
        host.Provider.HoldDiscovery();

        var signingOut = client.SendAsync(post, Ct);
        await host.Provider.DiscoveryHeld.WaitAsync(Ct);
        host.Clock!.Advance(ConsoleAuthentication.DiscoveryWaitAtSignOut + TimeSpan.FromSeconds(1));
        // Only a guard: the bounded sign-out answers as soon as the fake clock passes its bound, while an unbounded one
        // waits for the backchannel's 60 s of real time (the request is released only afterwards), so it fails here.
        using var signOut = await signingOut.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        host.Provider.ReleaseDiscovery();

        await AssertSignedOutButProviderNotReachedAsync(host, client, signOut);
        Assert.Contains(host.Logs.Lines, l => l.Contains($"no answer within {ConsoleAuthentication.DiscoveryWaitAtSignOut.TotalSeconds:0} s", StringComparison.Ordinal));
    }

    /// <summary>The console cookies of a Slack sign-in (its provider offering an end-session endpoint) on a server
    /// that has stopped since; a server started on <paramref name="sameData"/> reads them.</summary>
    private static async Task<string> CookiesOfASignInBeforeARestartAsync(Dictionary<string, string?> sameData)
    {
        await using var before = await ConsoleHost.StartAsync(more: sameData);
        before.Provider.OffersEndSession = true;
        using var browser = before.Browser();
        before.Provider.NextUser = LoopbackOidcProvider.SlackUser(ConsoleHost.Support);
        using var chooser = await browser.GetAsync("/console", Ct);
        using var providerRedirect = await ConsoleSignIn.ChooseProviderAsync(browser, chooser.Headers.Location!, "Slack");
        using var callback = await browser.GetAsync(providerRedirect.Headers.Location!.PathAndQuery, Ct);
        return CookiesSet(callback, "changebot.console");
    }

    /// <summary>The sign-out POST of the session in <paramref name="consoleCookies"/>, with its antiforgery token.</summary>
    private static async Task<HttpRequestMessage> SignOutPostAsync(HttpClient client, string consoleCookies)
    {
        using var console = new HttpRequestMessage(HttpMethod.Get, "/console") { Headers = { { "Cookie", consoleCookies } } };
        using var signedIn = await client.SendAsync(console, Ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var token = ConsoleSignIn.AntiforgeryToken(await signedIn.Content.ReadAsStringAsync(Ct));
        return new HttpRequestMessage(HttpMethod.Post, "/console/signout")
        {
            Headers = { { "Cookie", consoleCookies + "; " + CookiesSet(signedIn, ".AspNetCore.Antiforgery") } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
    }

    private static async Task AssertSignedOutButProviderNotReachedAsync(ConsoleHost host, HttpClient client, HttpResponseMessage signOut)
    {
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(signOut.Headers.Location, Ct));

        Assert.Equal("/console/signin?signedOut=true&notReached=Slack", signOut.Headers.Location!.OriginalString);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("changebot.console=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Contains("You are signed out of the console, but Slack could not be reached to sign you out there too", page, StringComparison.Ordinal);
        Assert.DoesNotContain("does not let other sites sign you out", page, StringComparison.Ordinal);
        Assert.Empty(host.Provider.EndedSessions);
        var audit = await host.App.Services.GetRequiredService<IAuditLog>().ListAuditAsync(50, Ct);
        Assert.Contains(audit, e => e.Action == "console.signout" && e.Details == "signed out here; Slack could not be reached to end its session there");
        Assert.Contains(host.Logs.Lines, l => l.Contains($"Console sign-out of slack:{ConsoleHost.Support}: Slack could not be reached to end its session there", StringComparison.Ordinal));
    }

    /// <summary>The name=value pairs of the cookies <paramref name="response"/> sets whose names start with <paramref name="prefix"/>.</summary>
    private static string CookiesSet(HttpResponseMessage response, string prefix) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Select(c => c.Split(';')[0]));

    private static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        var token = ConsoleSignIn.AntiforgeryToken(await client.GetStringAsync("/console", Ct));
        return await client.PostAsync("/console/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
    }

    [Fact]
    public async Task UnknownConsolePath_IsTheSignInForAnonymousAnd404ForSupport()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var anonymous = host.Browser();
        using var support = await host.SignedInAsync(ConsoleHost.Support);

        using var asked = await anonymous.GetAsync("/console/no-such-page", Ct);
        using var missing = await support.GetAsync("/console/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.StartsWith("/console/signin?returnUrl=", asked.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ChoosingAnUnknownProvider_Is400NamingIt()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();
        var token = ConsoleSignIn.AntiforgeryToken(await client.GetStringAsync("/console/signin", Ct));

        using var response = await client.PostAsync("/console/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["provider"] = "Myspace",
            ["__RequestVerificationToken"] = token,
        }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a configured sign-in provider", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingAProvider_WithoutTheAntiforgeryToken_Is400AndStartsNothing()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();

        using var response = await client.PostAsync("/console/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["provider"] = "Slack" }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ForgedCallback_GoesBackToTheSignInPageWithAnErrorAndNoCookie()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();

        using var callback = await client.GetAsync("/signin-slack?code=forged-code&state=forged-state", Ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/console/signin?failed=Slack", callback.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("changebot.console=", StringComparison.Ordinal)));
        var page = await client.GetStringAsync(callback.Headers.Location, Ct);
        Assert.Contains("Signing in with Slack did not complete", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithoutTheUserIdClaim_IsRefusedWithAReasonInTheLog()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = host.Browser();
        host.Provider.NextUser = new() { ["name"] = "No Slack Id" };

        using var chooser = await client.GetAsync("/console", Ct);
        using var providerRedirect = await ConsoleSignIn.ChooseProviderAsync(client, chooser.Headers.Location!, "Slack");
        var next = await ConsoleSignIn.FollowCallbackAsync(client, providerRedirect);

        Assert.StartsWith("/console/signin?failed=Slack", next.OriginalString, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Lines, l => l.Contains("has no 'https://slack.com/user_id' claim", StringComparison.Ordinal));
        using var again = await client.GetAsync("/console", Ct);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/x", "/console")]
    [InlineData("https://evil.example/console", "/console")]
    [InlineData("/\\evil.example", "/console")]
    [InlineData("/api/v1/notices", "/console")]
    [InlineData("/console/audit?actor=x", "/console/audit?actor=x")]
    [InlineData("/hangfire/jobs", "/hangfire/jobs")]
    public void ReturnUrls_StayOnTheConsoleAndTheDashboard(string requested, string expected) =>
        Assert.Equal(expected, ChangeBot.SupportConsole.ConsoleUrls.SafeReturnUrl(requested));
}
