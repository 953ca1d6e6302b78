using Microsoft.Extensions.Options;

namespace ChangeBot.SupportConsole;

/// <summary>
/// Security headers on every console response: a strict Content-Security-Policy (this server's own script and
/// style files only, nothing inline, no framing), no MIME sniffing, no caching of pages that show notices.
/// <c>form-action</c> also names the providers, because a sign-in form's redirect to them counts as its target.
/// </summary>
internal static class ConsoleHeaders
{
    public static string Policy(ConsoleOptions options)
    {
        var providers = options.Providers.Values
            .Select(p => Uri.TryCreate(p.Authority, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action " + string.Join(' ', ["'self'", .. providers]);
    }

    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy(context.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }

    /// <summary>Sets the headers on every response under <c>/console</c>, whichever code writes it.</summary>
    public static IApplicationBuilder UseConsoleHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(ConsoleUrls.Home, StringComparison.OrdinalIgnoreCase)
            && !context.Request.Path.StartsWithSegments(ConsoleAssets.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.OnStarting(() =>
            {
                Apply(context);
                return Task.CompletedTask;
            });
        }

        await next(context);
    });
}
