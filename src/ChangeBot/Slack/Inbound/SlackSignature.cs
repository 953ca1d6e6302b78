using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeBot.Slack.Inbound;

internal enum SignatureCheck { Valid, MissingHeaders, BadTimestamp, Stale, UnsupportedVersion, Mismatch }

/// <summary>
/// Slack's v0 request signature: HMAC-SHA256 over <c>v0:{timestamp}:{raw body}</c> with the signing
/// secret, compared in constant time, with a 5-minute window on either side of now (docs/platforms.md#slack-signing).
/// </summary>
internal static class SlackSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const string Version = "v0";
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static SignatureCheck Verify(
        ReadOnlySpan<byte> secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.BadTimestamp;
        }

        // Absolute difference: a future timestamp is as suspicious as an old one.
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)Window.TotalSeconds)
        {
            return SignatureCheck.Stale;
        }

        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal))
        {
            return SignatureCheck.UnsupportedVersion;
        }

        // Slack sends lowercase hex, and its own verifiers compare the strings: so do we (no uppercase).
        var hex = signature.AsSpan(Version.Length + 1);
        Span<byte> given = stackalloc byte[32];
        if (hex.Length != 64 || hex.ContainsAnyExcept(LowerHex)
            || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return SignatureCheck.Mismatch;
        }

        Span<byte> expected = stackalloc byte[32];
        Compute(secret, timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The header value Slack would send: <c>v0=</c> + lowercase hex.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(secret, timestamp, body, mac);
        return Version + "=" + Convert.ToHexStringLower(mac);
    }

    private static void Compute(ReadOnlySpan<byte> secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        // Hash the raw bytes as received: never a re-serialised or re-encoded body.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData("v0:"u8);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp));
        hmac.AppendData(":"u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
