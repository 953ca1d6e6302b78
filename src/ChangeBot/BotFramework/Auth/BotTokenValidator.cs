using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ChangeBot.BotFramework.Auth;

/// <summary>
/// Validates the JWT on every <c>POST /api/messages</c> (docs/platforms.md#bot-framework-auth): signature with a key from
/// the issuer's metadata, issuer, audience = our app id, lifetime with 5 minutes of skew, RS256/384/512
/// only. Channel tokens come from <c>https://api.botframework.com</c>; a SingleTenant bot also accepts
/// Entra ID tokens from its own tenant, judged as the Bot Framework SDK judges them: the issuer names the tenant
/// (v1 <c>sts.windows.net/{tenant}/</c> or v2 <c>login.microsoftonline.com/{tenant}/v2.0</c>), keys come from
/// that tenant's metadata, and the app the token was issued to (<c>appid</c> in v1, <c>azp</c> in v2) is this bot.
/// The activity-bound checks (service URL claim, key endorsement) follow in <see cref="CheckActivity"/> once
/// the body is parsed.
/// </summary>
internal sealed class BotTokenValidator(BotFrameworkOptions options, BotMetadataSources sources, TimeProvider time)
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<TokenCheck> ValidateAsync(string? authorizationHeader, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || authorizationHeader.Length <= scheme.Length)
        {
            return TokenCheck.Fail("no bearer token");
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        if (!_handler.CanReadToken(token))
        {
            return TokenCheck.Fail("the bearer token is not a JWT");
        }

        string issuer;
        try
        {
            issuer = new JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return TokenCheck.Fail("the bearer token is not a readable JWT");
        }

        var (source, issuers, audiences) = SelectIssuer(issuer);
        if (source is null)
        {
            return TokenCheck.Fail($"issuer '{issuer}' is not accepted");
        }

        var configuration = await source.GetAsync(ct);
        var result = await ValidateWithAsync(token, configuration, issuers, audiences);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await source.RefreshForUnknownKeyAsync(ct))
        {
            // A key id we had not seen: the issuer may have published a new key since we cached its metadata.
            configuration = await source.GetAsync(ct);
            result = await ValidateWithAsync(token, configuration, issuers, audiences);
        }

        if (!result.IsValid)
        {
            return TokenCheck.Fail(result.Exception?.GetType().Name ?? "invalid token");
        }

        var isChannelToken = issuer == BotFrameworkIssuer;
        if (!isChannelToken && (!result.Claims.TryGetValue("tid", out var tid) || !string.Equals(tid as string, options.MicrosoftAppTenantId, StringComparison.OrdinalIgnoreCase)))
        {
            return TokenCheck.Fail("the Entra ID token is from another tenant");
        }

        if (!isChannelToken && EntraAppProblem(result.Claims) is { } appProblem)
        {
            return TokenCheck.Fail(appProblem);
        }

        var serviceUrl = result.Claims.TryGetValue("serviceurl", out var claim) ? claim as string : null;
        var endorsements = isChannelToken ? OpenIdMetadataSource.Endorsements(configuration, result.SecurityToken.SigningKey?.KeyId) : null;
        return TokenCheck.Ok(new ValidatedToken(isChannelToken, serviceUrl, endorsements));
    }

    /// <summary>The checks that bind the token to this activity: the <c>serviceurl</c> claim must name the
    /// activity's service URL (so we never send our own token to a URL the caller made up), and a
    /// channel token's signing key must be endorsed for the activity's channel.</summary>
    /// <remarks>Entra ID tokens carry no <c>serviceurl</c> claim; one from the bot's own tenant and issued to the bot's
    /// own app id can only be minted with the bot's credentials, so the Bot Framework accepts the activity's
    /// service URL without it.</remarks>
    public static TokenCheck CheckActivity(ValidatedToken token, string serviceUrl, string channelId)
    {
        if (token.ServiceUrl is null && !token.IsChannelToken)
        {
            return TokenCheck.Ok(token);
        }

        if (token.ServiceUrl is null)
        {
            return TokenCheck.Fail("the token has no serviceurl claim");
        }

        if (!string.Equals(token.ServiceUrl, serviceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Fail("the token's serviceurl claim does not match the activity's serviceUrl");
        }

        if (token.IsChannelToken && (token.Endorsements is null || !token.Endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase)))
        {
            return TokenCheck.Fail($"the signing key is not endorsed for channel '{channelId}'");
        }

        return TokenCheck.Ok(token);
    }

    private Task<TokenValidationResult> ValidateWithAsync(string token, OpenIdConnectConfiguration configuration, string[] issuers, string[] audiences) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = issuers,
            ValidAudiences = audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = Algorithms,
            // Our clock, not the machine's: lifetimes are judged against the injected TimeProvider.
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime),
        });

    /// <summary>Null when the Entra ID token was issued to this bot: v1 tokens name the app in <c>appid</c>,
    /// v2 tokens in <c>azp</c> (the <c>ver</c> claim says which; no version means v1).</summary>
    private string? EntraAppProblem(IDictionary<string, object> claims)
    {
        var version = claims.TryGetValue("ver", out var ver) ? ver as string : null;
        var appClaim = version switch
        {
            null or "" or "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (appClaim is null)
        {
            return $"the Entra ID token has an unknown version '{version}'";
        }

        var app = claims.TryGetValue(appClaim, out var value) ? value as string : null;
        return string.Equals(app, options.MicrosoftAppId, StringComparison.Ordinal)
            ? null
            : $"the Entra ID token's '{appClaim}' claim is not this bot's app id";
    }

    /// <summary>Not before <paramref name="notBefore"/> and not after <paramref name="expires"/>, each with <see cref="ClockSkew"/> of slack.</summary>
    public static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } exp && now - ClockSkew < exp && (notBefore is not { } nbf || (nbf <= exp && nbf <= now + ClockSkew));

    private (OpenIdMetadataSource? Source, string[] Issuers, string[] Audiences) SelectIssuer(string? issuer)
    {
        if (issuer == BotFrameworkIssuer)
        {
            return (sources.BotFramework, [BotFrameworkIssuer], [options.MicrosoftAppId]);
        }

        if (sources.Entra is { } entra && options.MicrosoftAppTenantId is { } tenant)
        {
            string[] entraIssuers = [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];
            if (entraIssuers.Contains(issuer, StringComparer.OrdinalIgnoreCase))
            {
                return (entra, entraIssuers, [options.MicrosoftAppId, "api://" + options.MicrosoftAppId]);
            }
        }

        return (null, [], []);
    }
}

/// <summary>The issuers whose keys we trust: Bot Framework always, the bot's Entra tenant when SingleTenant.</summary>
internal sealed record BotMetadataSources(OpenIdMetadataSource BotFramework, OpenIdMetadataSource? Entra);

/// <summary>A token that passed signature, issuer, audience and lifetime checks.</summary>
internal sealed record ValidatedToken(bool IsChannelToken, string? ServiceUrl, IReadOnlyList<string>? Endorsements);

internal sealed record TokenCheck(ValidatedToken? Token, string? Failure)
{
    public bool IsValid => Token is not null;

    public static TokenCheck Ok(ValidatedToken token) => new(token, null);

    public static TokenCheck Fail(string reason) => new(null, reason);
}
