using System.Security.Cryptography;

namespace ChangeBot.DirectLine;

/// <summary>
/// The built-in web chat page (<c>GET /</c>): plain HTML, CSS and JavaScript embedded in the executable,
/// so it works from any working directory, in a container, and without the internet.
/// </summary>
internal static class WebChatPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/webchat.js", "webchat.js", "text/javascript; charset=utf-8"),
        ("/webchat.css", "webchat.css", "text/css; charset=utf-8"),
    ];

    /// <summary>Only this server's own scripts, styles and Direct Line endpoints; nothing inline, nothing external.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static void MapWebChatPage(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Load(resource);
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"";
            app.MapMethods(path, ["GET", "HEAD"], (HttpContext context) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                headers.ETag = etag;
                return context.Request.Headers.IfNoneMatch == etag
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(WebChatPage).Assembly.GetManifestResourceStream("wwwroot/" + name)
            ?? throw new InvalidOperationException($"The web chat file {name} is not embedded in the executable.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
