using System.Security.Cryptography;
using System.Text;
using ChangeBot.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeBot.Api;

/// <summary>
/// The REST API's bearer tokens (<c>ChangeBot:ApiTokens</c>). Only SHA-256 hashes are kept in memory
/// and compared in constant time, so a token never sits in a heap dump in clear or leaks by timing.
/// </summary>
internal sealed class ApiTokens
{
    private readonly byte[][] _hashes;

    public ApiTokens(IOptions<ChangeBotOptions> options) =>
        _hashes = [.. options.Value.ApiTokens.Select(Hash)];

    public bool IsConfigured => _hashes.Length > 0;

    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var candidate = Hash(token);
        var match = false;
        foreach (var hash in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return match;
    }

    /// <summary>A short, non-reversible name for a token, for audit entries ("token:3f2a9c1b").</summary>
    public static string Fingerprint(string token) => "token:" + Convert.ToHexStringLower(Hash(token))[..8];

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
