using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using ChangeBot.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ChangeBot.SupportConsole;

/// <summary>The support console (docs/console.md): Razor Pages under <c>/console</c>, its sign-in, and the one
/// support-list rule it shares with the job dashboard.</summary>
internal static class ConsoleRegistration
{
    public static WebApplicationBuilder AddSupportConsole(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<ConsoleOptions, ConsoleOptionsValidator>(ConsoleOptions.Section);
        var services = builder.Services;
        // The OpenID Connect handler's Debug lines print the authorize URL with its state and nonce, and the nonce
        // cookie; the callback's own request lines are redacted by Hosting/LogRedaction.cs. Turning this category
        // itself to Debug in configuration still shows them, for someone debugging a provider on purpose.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Authentication.OpenIdConnect", LogLevel.Information);
        services.AddAuthentication().AddConsoleAuthentication(options);
        services.AddAuthorizationBuilder().AddConsolePolicies();
        services.AddSingleton<IAuthorizationHandler, SupportUserHandler>();
        services.AddSingleton<RefusedSignInAudit>();
        // One ledger reading per watched broadcast per tick, shared by every open progress stream.
        services.AddSingleton(sp => new BroadcastProgressFeed(sp.GetRequiredService<IChangeBotStore>(), sp.GetRequiredService<TimeProvider>()));
        // The forms post plain names; MVC's jQuery-style key parser ("a[b]") throws on a key with an unclosed
        // bracket, which turned a hostile form into a 500 (tests/ChangeBot.Tests/Security/ConsoleFuzzTests.cs).
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Console/Pages";
            o.Conventions.AuthorizeFolder("/", ConsoleAuthorization.ConsolePolicy);
            // Reached before sign-in, or by someone not on the list who wants to try another account.
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/SignOut");
            o.Conventions.ConfigureFilter(new UnhandledMethodFilter());
        }).AddMvcOptions(o =>
        {
            o.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            o.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });
        return builder;
    }

    /// <summary>Before the authentication middleware, so the headers are also on its redirects and refusals.</summary>
    public static WebApplication MapSupportConsole(this WebApplication app)
    {
        app.UseConsoleHeaders();
        app.MapConsoleAssets();
        app.MapRazorPages();
        // Any other path under /console: 404 for support, but the sign-in or the 403 page for everyone else, so
        // a stranger learns nothing, not even which console pages exist. Pages always win over this fallback.
        app.MapFallback(ConsoleUrls.Home + "/{**path}", () => Results.NotFound())
            .RequireAuthorization(ConsoleAuthorization.ConsolePolicy).ExcludeFromDescription();
        return app;
    }
}
