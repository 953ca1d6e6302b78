using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChangeBot.Tests.BotFramework;

/// <summary>
/// Plays login.botframework.com and login.microsoftonline.com on 127.0.0.1: OpenID metadata, a JWKS whose
/// keys carry Bot Framework <c>endorsements</c>, an Entra tenant's metadata, and a client-credentials token
/// endpoint. Mints channel tokens the way the Bot Connector does.
/// </summary>
internal sealed class TestBotIssuer : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string AppId = "5a5c3d42-7d0f-4b9c-9a53-1f2e3d4c5b6a";
    public const string AppPassword = "test-client-secret-not-real";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly ConcurrentDictionary<string, PublishedKey> _published = new();
    private readonly ConcurrentDictionary<string, RsaSecurityKey> _all = new();
    private LoopbackServer _server = null!;
    private int _tokenRequests;

    /// <summary>The clock tokens are minted by; the bot under test must use the same one.</summary>
    public static TimeProvider Clock => TimeProvider.System;

    public Uri BaseUrl => _server.BaseUrl;
    public Uri MetadataUrl => new(BaseUrl, "v1/.well-known/openidconfiguration");
    public Uri EntraMetadataUrl => new(BaseUrl, $"{TenantId}/v2.0/.well-known/openid-configuration");
    public Uri TokenEndpoint => new(BaseUrl, "oauth2/v2.0/token");
    public static string EntraIssuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    /// <summary>How many client-credentials tokens were handed out.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>The outbound tokens given to the bot: signed by <c>outbound</c>, audience api.botframework.com.</summary>
    public RsaSecurityKey OutboundKey => _all["outbound"];

    public static async Task<TestBotIssuer> StartAsync()
    {
        var issuer = new TestBotIssuer();
        issuer.AddKey("teams", ["msteams"], publish: true);
        issuer.AddKey("webchat-only", ["webchat"], publish: true);
        issuer.AddKey("unpublished", ["msteams"], publish: false);
        issuer.AddKey("outbound", [], publish: false);
        issuer.AddKey("entra", [], publish: true, entra: true);
        issuer._server = await LoopbackServer.StartAsync(issuer.Map);
        return issuer;
    }

    /// <summary>Creates a key; published keys appear in the JWKS (Bot Framework's or the Entra tenant's).</summary>
    public void AddKey(string kid, string[] endorsements, bool publish, bool entra = false)
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
        _all[kid] = key;
        if (publish)
        {
            Publish(kid, endorsements, entra);
        }
    }

    public void Publish(string kid, string[] endorsements, bool entra = false) => _published[kid] = new PublishedKey(_all[kid], endorsements, entra);

    /// <summary>A token as the Bot Connector would send it, adjustable per test.</summary>
    public string ChannelToken(string serviceUrl, string kid = "teams", string? issuer = BotFrameworkIssuer, string? audience = AppId,
        DateTime? notBefore = null, DateTime? expires = null, IDictionary<string, object>? extraClaims = null, bool includeServiceUrl = true)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(extraClaims ?? new Dictionary<string, object>());
        if (includeServiceUrl)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(59),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_all[kid], SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise perfect claims.</summary>
    public static string UnsignedToken(string serviceUrl)
    {
        var now = Clock.GetUtcNow();
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url(new JsonObject
        {
            ["iss"] = BotFrameworkIssuer,
            ["aud"] = AppId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(59).ToUnixTimeSeconds(),
        }.ToJsonString());
        return $"{header}.{payload}.";
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Text(Metadata(BotFrameworkIssuer, "v1/.well-known/keys"), "application/json"));
        app.MapGet("/v1/.well-known/keys", () => Results.Text(Keys(entra: false), "application/json"));
        app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", () => Results.Text(Metadata(EntraIssuer, "entra/keys"), "application/json"));
        app.MapGet("/entra/keys", () => Results.Text(Keys(entra: true), "application/json"));
        app.MapPost("/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != AppId || form["client_secret"] != AppPassword
                || form["scope"] != "https://api.botframework.com/.default")
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            Interlocked.Increment(ref _tokenRequests);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = OutboundToken() });
        });
    }

    private string OutboundToken() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = $"https://sts.windows.net/{TenantId}/",
        Audience = "https://api.botframework.com",
        Claims = new Dictionary<string, object> { ["appid"] = AppId },
        Expires = Clock.GetUtcNow().UtcDateTime.AddHours(1),
        SigningCredentials = new SigningCredentials(OutboundKey, SecurityAlgorithms.RsaSha256),
    });

    private string Metadata(string issuer, string jwksPath) => new JsonObject
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = new Uri(BaseUrl, "authorize").AbsoluteUri,
        ["jwks_uri"] = new Uri(BaseUrl, jwksPath).AbsoluteUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    }.ToJsonString();

    private string Keys(bool entra)
    {
        var keys = new JsonArray();
        foreach (var (kid, published) in _published.Where(p => p.Value.Entra == entra))
        {
            var parameters = published.Key.Rsa.ExportParameters(false);
            keys.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray([.. published.Endorsements.Select(e => (JsonNode)e)]),
            });
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    private sealed record PublishedKey(RsaSecurityKey Key, string[] Endorsements, bool Entra);
}
