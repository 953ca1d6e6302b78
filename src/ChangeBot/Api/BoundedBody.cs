using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

/// <summary>
/// Reads a request body up to a limit. Kestrel's own limit is not enough: hosts without the
/// max-body-size feature (test servers, some proxies' buffering) would otherwise read any size.
/// </summary>
internal static class BoundedBody
{
    /// <summary>The body as text, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"The body is larger than {maxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
