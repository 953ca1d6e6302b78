using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeBot.Slack.Endpoints;

/// <summary>
/// The OAuth <c>state</c>: <c>nonce.expiry.mac</c>, MAC'd with the client secret so any instance can
/// check it, bound to the browser by a cookie holding the nonce, valid for 10 minutes and used once
/// (the store records used nonces). Slack only echoes it; CSRF protection is ours (docs/platforms.md#slack-oauth).
/// </summary>
internal static class SlackOAuthState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const string CookieName = "changebot_slack_oauth";

    public static (string State, string Nonce) Create(string clientSecret, DateTimeOffset now)
    {
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var expires = (now + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return ($"{nonce}.{expires}.{Mac(clientSecret, nonce, expires)}", nonce);
    }

    /// <summary>The nonce when <paramref name="state"/> is ours, unexpired and matches the browser's cookie.</summary>
    public static string? Validate(string clientSecret, string? state, string? cookieNonce, DateTimeOffset now)
    {
        var parts = state?.Split('.');
        if (parts is not { Length: 3 } || string.IsNullOrEmpty(cookieNonce))
        {
            return null;
        }

        var (nonce, expires, mac) = (parts[0], parts[1], parts[2]);
        if (!FixedEquals(mac, Mac(clientSecret, nonce, expires)) || !FixedEquals(nonce, cookieNonce))
        {
            return null;
        }

        return long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until) && now.ToUnixTimeSeconds() <= until
            ? nonce
            : null;
    }

    private static string Mac(string secret, string nonce, string expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"slack-oauth-state:{nonce}.{expires}")));

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
