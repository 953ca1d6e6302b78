using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChangeBot.Testing.SupportConsole;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 for the support console's sign-in: discovery, an authorize endpoint
/// that requires PKCE (S256), a state and a nonce and signs in whoever <see cref="NextUser"/> names at once,
/// a token endpoint that checks the client secret, the redirect URI and the code verifier and issues an RS256
/// id_token echoing the nonce, and the JWKS. Codes work once. Like Slack, Entra or any provider, as far as the
/// console can tell.
/// </summary>
public sealed class LoopbackOidcProvider : IAsyncDisposable
{
    public const string ClientId = "changebot-console-test";
    public const string ClientSecret = "test-oidc-client-secret-not-real";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "loopback-1" };
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentQueue<string> _ended = new();
    private readonly TaskCompletionSource _discoveryHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _hold;
    private WebApplication _app = null!;
    private int _verified;

    /// <summary>The issuer and authority, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Authority { get; private set; } = "";

    /// <summary>The claims of whoever signs in next (besides iss, aud, sub, nonce, iat, exp).</summary>
    public Dictionary<string, object> NextUser { get; set; } = [];

    /// <summary>Token requests whose code verifier matched the authorize request's S256 challenge.</summary>
    public int PkceVerified => Volatile.Read(ref _verified);

    /// <summary>Why requests were refused (authorize or token), for assertions and diagnosis.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>Whether discovery names an <c>end_session_endpoint</c> (RP-initiated logout); like Slack, none by default.
    /// Set it before the console first reads discovery (its first sign-in).</summary>
    public bool OffersEndSession { get; set; }

    /// <summary>Whether discovery answers 503, as a provider that is down: a console that has not read it yet cannot.</summary>
    public bool DiscoveryDown { get; set; }

    /// <summary>Completes when a discovery request arrived while discovery is held (<see cref="HoldDiscovery"/>).</summary>
    public Task DiscoveryHeld => _discoveryHeld.Task;

    /// <summary>From now on discovery requests are accepted but not answered (a provider that takes the connection and
    /// never replies) until <see cref="ReleaseDiscovery"/>; <see cref="DiscoveryHeld"/> says when one arrived.</summary>
    public void HoldDiscovery() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the held discovery requests (disposing does too, so none is left waiting).</summary>
    public void ReleaseDiscovery() => _hold?.TrySetResult();

    /// <summary>The subjects of the sessions ended at the end-session endpoint, from a valid <c>id_token_hint</c>
    /// this provider issued to the console; "no valid hint" for a request without one.</summary>
    public IReadOnlyCollection<string> EndedSessions => _ended;

    /// <summary>Codes handed out by the last authorize requests (to prove they never reach a log).</summary>
    public ConcurrentQueue<string> IssuedCodes { get; } = new();

    /// <summary>The claims of a Slack "Sign in with Slack" id_token for <paramref name="userId"/>.</summary>
    public static Dictionary<string, object> SlackUser(string userId, string name = "Sam Support") => new()
    {
        ["https://slack.com/user_id"] = userId,
        ["https://slack.com/team_id"] = "T0TEST",
        ["name"] = name,
    };

    /// <summary>The claims of an Entra ID id_token for the object id <paramref name="oid"/>.</summary>
    public static Dictionary<string, object> EntraUser(string oid, string name = "Erin Entra") => new()
    {
        ["oid"] = oid,
        ["tid"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
        ["name"] = name,
    };

    public static async Task<LoopbackOidcProvider> StartAsync()
    {
        var provider = new LoopbackOidcProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        provider._app = builder.Build();
        provider.Map(provider._app);
        await provider._app.StartAsync(TestContext.Current.CancellationToken);
        var address = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = address.TrimEnd('/');
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseDiscovery();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", DiscoveryAsync);
        app.MapGet("/jwks", () => Results.Text(Jwks(), "application/json"));
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
        app.MapGet("/endsession", EndSessionAsync);
    }

    private async Task<IResult> DiscoveryAsync(CancellationToken aborted)
    {
        if (_hold is { } hold)
        {
            _discoveryHeld.TrySetResult();
            try
            {
                await hold.Task.WaitAsync(aborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }

        return DiscoveryDown
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Text(Discovery(), "application/json");
    }

    /// <summary>Ends the session named by the id_token_hint and goes back to post_logout_redirect_uri with the state.</summary>
    private async Task<IResult> EndSessionAsync(HttpRequest request)
    {
        var q = request.Query;
        var hint = await new JsonWebTokenHandler().ValidateTokenAsync(q["id_token_hint"].ToString(), new TokenValidationParameters
        {
            ValidIssuer = Authority,
            ValidAudience = ClientId,
            IssuerSigningKey = _key,
        });
        _ended.Enqueue(hint.IsValid ? hint.Claims["sub"].ToString()! : "no valid hint");
        var back = q["post_logout_redirect_uri"].ToString();
        return string.IsNullOrEmpty(back)
            ? Results.Text("You are signed out.")
            : Results.Redirect(QueryHelpers.AddQueryString(back, new Dictionary<string, string?> { ["state"] = q["state"] }));
    }

    private string Discovery()
    {
        var discovery = new JsonObject
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = Authority + "/authorize",
            ["token_endpoint"] = Authority + "/token",
            ["jwks_uri"] = Authority + "/jwks",
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
            ["scopes_supported"] = new JsonArray("openid", "profile"),
        };
        if (OffersEndSession)
        {
            discovery["end_session_endpoint"] = Authority + "/endsession";
        }

        return discovery.ToJsonString();
    }

    private string Jwks()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = _key.KeyId,
                ["n"] = jwk.N,
                ["e"] = jwk.E,
            }),
        }.ToJsonString();
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        string? problem = null;
        if (q["client_id"] != ClientId)
        {
            problem = "unknown client_id";
        }
        else if (q["response_type"] != "code")
        {
            problem = "response_type must be code";
        }
        else if (!(q["scope"].ToString().Split(' ').Contains("openid")))
        {
            problem = "scope must include openid";
        }
        else if (q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
        {
            problem = "PKCE with S256 is required";
        }
        else if (string.IsNullOrEmpty(q["nonce"]) || string.IsNullOrEmpty(q["state"]))
        {
            problem = "nonce and state are required";
        }
        else if (!Uri.TryCreate(q["redirect_uri"], UriKind.Absolute, out _))
        {
            problem = "redirect_uri must be absolute";
        }

        if (problem is not null)
        {
            _refusals.Enqueue("authorize: " + problem);
            return Results.Text("invalid_request: " + problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new PendingCode(q["redirect_uri"]!, q["code_challenge"]!, q["nonce"]!, new Dictionary<string, object>(NextUser));
        IssuedCodes.Enqueue(code);
        return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(request, form);
        string? problem = null;
        PendingCode? pending = null;
        if (form["grant_type"] != "authorization_code")
        {
            problem = "grant_type must be authorization_code";
        }
        else if (clientId != ClientId || secret != ClientSecret)
        {
            problem = "invalid client credentials";
        }
        else if (!_codes.TryRemove(form["code"].ToString(), out pending))
        {
            problem = "unknown or used code";
        }
        else if (form["redirect_uri"] != pending.RedirectUri)
        {
            problem = "redirect_uri differs from the authorize request's";
        }
        else if (Challenge(form["code_verifier"].ToString()) != pending.Challenge)
        {
            problem = "code_verifier does not match the code_challenge";
        }

        if (problem is not null)
        {
            _refusals.Enqueue("token: " + problem);
            return Results.Json(new { error = "invalid_grant", error_description = problem }, statusCode: StatusCodes.Status400BadRequest);
        }

        Interlocked.Increment(ref _verified);
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(pending!.Claims)
        {
            ["sub"] = pending.Claims.Values.FirstOrDefault()?.ToString() ?? "subject",
            ["nonce"] = pending.Nonce,
        };
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-30),
            Expires = now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)), token_type = "Bearer", expires_in = 600, id_token = idToken });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static string Challenge(string verifier) =>
        string.IsNullOrEmpty(verifier) ? "" : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private sealed record PendingCode(string RedirectUri, string Challenge, string Nonce, Dictionary<string, object> Claims);
}
