using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ChangeBot.Cli;

/// <summary>
/// A running server's REST API (<c>/api/v1</c>, see <c>src/ChangeBot/Api/</c>) for commands that must go
/// through it. Its HTTP errors become one-line messages: exit 1 when the server refused (token, no such
/// notice, invalid input, conflict), <see cref="Unreachable"/> when it could not be asked or failed.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    public const string ServerVariable = "CHANGEBOT_SERVER";

    public const string TokenVariable = "CHANGEBOT_TOKEN";

    /// <summary>As <c>check</c>'s "could not check": the server could not be reached, or failed.</summary>
    public const int Unreachable = 2;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly bool _hasToken;

    private ServerConnection(Uri baseAddress, string? token)
    {
        BaseAddress = baseAddress;
        _hasToken = token is not null;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseAddress { get; }

    public static Option<string?> ServerOption() => new("--server")
    {
        Description = $"URL of a running ChangeBot server, e.g. http://localhost:5000 (else ${ServerVariable})",
    };

    public static Option<string?> TokenOption() => new("--token")
    {
        Description = $"A REST API token of that server, one of its ChangeBot:ApiTokens (else ${TokenVariable})",
    };

    /// <summary>The server named by <c>--server</c> or <c>CHANGEBOT_SERVER</c>, or null when neither is given.</summary>
    /// <exception cref="CliException">The URL is not an absolute http(s) URL (a usage error).</exception>
    public static ServerConnection? From(string? server, string? token)
    {
        server ??= Environment.GetEnvironmentVariable(ServerVariable);
        token ??= Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            return null;
        }

        if (!Uri.TryCreate(server.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            throw new CliException($"--server '{server}' is not a server URL; give one like http://localhost:5000.", CliApp.UsageError);
        }

        // The API's routes are absolute (/api/v1/...), so a path on the URL is the server's base path.
        var baseAddress = new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        return new ServerConnection(baseAddress, string.IsNullOrWhiteSpace(token) ? null : token.Trim());
    }

    /// <summary>As <see cref="From"/>, for commands that only a server can do.</summary>
    public static ServerConnection Required(string? server, string? token, string command) =>
        From(server, token) ?? throw new CliException(
            $"'{command}' goes through a running server: give --server URL (or set {ServerVariable}) and --token (or {TokenVariable}).",
            CliApp.UsageError);

    /// <summary>Sends the request; the response's JSON on success.</summary>
    /// <exception cref="CliException">Any failure, as one line.</exception>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"The ChangeBot server is not reachable at {BaseAddress}: {Reason(e)}.", Unreachable, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"The ChangeBot server at {BaseAddress} did not answer within {Timeout.TotalSeconds:0} seconds.", Unreachable, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var json = TryParse(body);
            if (response.IsSuccessStatusCode)
            {
                return json ?? throw new CliException(
                    $"The server at {BaseAddress} answered {path} with something other than JSON; is it a ChangeBot server?", Unreachable);
            }

            throw Refused(response.StatusCode, json);
        }
    }

    public void Dispose() => _http.Dispose();

    private CliException Refused(HttpStatusCode status, JsonElement? problem)
    {
        var detail = problem is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()
            : null;
        return status switch
        {
            HttpStatusCode.Unauthorized => new CliException(_hasToken
                ? $"The server at {BaseAddress} refused the token: give one of its ChangeBot:ApiTokens with --token or {TokenVariable}."
                : $"The server at {BaseAddress} needs a token: give one of its ChangeBot:ApiTokens with --token or {TokenVariable}."),
            HttpStatusCode.NotFound => new CliException(detail ?? $"The server at {BaseAddress} has no such resource (is it a ChangeBot server?)."),
            HttpStatusCode.TooManyRequests => new CliException($"The server at {BaseAddress} is limiting this token's calls; try again in a minute."),
            >= HttpStatusCode.InternalServerError => new CliException(
                $"The server at {BaseAddress} failed (HTTP {(int)status}){(detail is null ? "" : ": " + detail)}; see its log.", Unreachable),
            _ => new CliException(detail ?? $"The server at {BaseAddress} refused the request (HTTP {(int)status})."),
        };
    }

    private static string Reason(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "nothing answered there (is the server running, and is the URL right?)",
        HttpRequestError.NameResolutionError => "the host name does not resolve",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        _ => e.Message.TrimEnd('.'),
    };

    private static JsonElement? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
