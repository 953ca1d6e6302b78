using System.Security.Cryptography;

namespace ChangeBot.SupportConsole;

/// <summary>The console's stylesheet and small script, embedded in the executable (no CDN, works offline and in
/// a container), served like the web chat's files (DirectLine/WebChatPage.cs).</summary>
internal static class ConsoleAssets
{
    public const string Prefix = "/console/assets";

    private static readonly (string Name, string ContentType)[] Files =
    [
        ("console.css", "text/css; charset=utf-8"),
        ("console.js", "text/javascript; charset=utf-8"),
        ("console-editor.js", "text/javascript; charset=utf-8"),
        ("console-progress.js", "text/javascript; charset=utf-8"),
    ];

    public static void MapConsoleAssets(this IEndpointRouteBuilder app)
    {
        foreach (var (name, contentType) in Files)
        {
            var bytes = Load(name);
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"";
            app.MapMethods($"{Prefix}/{name}", ["GET", "HEAD"], (HttpContext context) =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
                headers.ETag = etag;
                return context.Request.Headers.IfNoneMatch == etag
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription().AllowAnonymous();
        }
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("wwwroot/console/assets/" + name)
            ?? throw new InvalidOperationException($"The console file {name} is not embedded in the executable.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
