using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChangeBot.DirectLine;

/// <summary>
/// Direct Line tokens: JWTs (Web Chat decodes them to read the <c>user</c> claim) bound to one
/// conversation, HMAC-signed with a key derived from <c>DirectLine:Secret</c>, or with a random
/// per-process key when no secret is set (tokens then die with the process, like its conversations).
/// </summary>
internal sealed class DirectLineTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private const string Issuer = "changebot-directline";
    private const string ConversationClaim = "conv";
    private const string UserClaim = "user";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _parameters;
    private readonly TimeProvider _time;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _time = time;
        var key = new SymmetricSecurityKey(DeriveKey(options.Value.Secret));
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // Expiry is judged below against the injected clock, not the library's.
            ValidateLifetime = false,
            RequireExpirationTime = true,
        };
    }

    public int LifetimeSeconds => (int)Lifetime.TotalSeconds;

    public string Issue(string conversationId, string? userId)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { [ConversationClaim] = conversationId };
        if (userId is not null)
        {
            claims[UserClaim] = userId;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = _credentials,
        });
    }

    public async Task<TokenCheck> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<string>(ConversationClaim, out var conversationId))
        {
            return TokenCheck.Invalid;
        }

        if (jwt.ValidTo <= _time.GetUtcNow().UtcDateTime)
        {
            return TokenCheck.Expired;
        }

        jwt.TryGetPayloadValue<string>(UserClaim, out var userId);
        return new TokenCheck(TokenStatus.Valid, conversationId, userId);
    }

    /// <summary>Never sign with the secret's raw bytes: a separate derived key keeps the secret (which
    /// clients also present as a bearer) from doubling as the MAC key, and always has 256 bits.</summary>
    private static byte[] DeriveKey(string? secret) =>
        secret is null
            ? RandomNumberGenerator.GetBytes(32)
            : HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "changebot/directline/token-signing"u8);
}

internal enum TokenStatus { Valid, Expired, Invalid }

internal sealed record TokenCheck(TokenStatus Status, string? ConversationId = null, string? UserId = null)
{
    public static readonly TokenCheck Invalid = new(TokenStatus.Invalid);
    public static readonly TokenCheck Expired = new(TokenStatus.Expired);
}
