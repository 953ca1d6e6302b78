using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ChangeBot.BotFramework.Auth;

/// <summary>
/// One issuer's OpenID metadata and signing keys (read by Microsoft.IdentityModel's retriever), cached for
/// <see cref="RefreshInterval"/> and fetched again at once when a token names a key id we do not know,
/// because issuers publish new keys at any time. That early fetch happens at most every
/// <see cref="UnknownKeyRefreshInterval"/>, so forged key ids cannot make us hammer the metadata endpoint.
/// Not ConfigurationManager: in Microsoft.IdentityModel 8 its refresh on an unknown key runs in the
/// background, so the request signed with the new key would still be refused.
/// </summary>
internal sealed class OpenIdMetadataSource(Uri address, Func<HttpClient> httpClients, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastUnknownKeyFetch = DateTimeOffset.MinValue;

    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken ct)
    {
        if (_current is { } current && time.GetUtcNow() - _fetchedAt < RefreshInterval)
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_current is null || time.GetUtcNow() - _fetchedAt >= RefreshInterval)
            {
                await FetchAsync(keepOldOnFailure: true, ct);
            }

            return _current!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fetches the metadata again because a token named an unknown key. True when new metadata was loaded.</summary>
    public async Task<bool> RefreshForUnknownKeyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (now - _lastUnknownKeyFetch < UnknownKeyRefreshInterval)
            {
                return false;
            }

            _lastUnknownKeyFetch = now;
            await FetchAsync(keepOldOnFailure: true, ct);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The channel ids a signing key is endorsed for (Bot Framework's extra <c>endorsements</c> JWK field).</summary>
    public static IReadOnlyList<string> Endorsements(OpenIdConnectConfiguration configuration, string? keyId)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => keyId is not null && string.Equals(k.Kid, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var raw) || raw is not JsonElement { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        return [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
    }

    private async Task FetchAsync(bool keepOldOnFailure, CancellationToken ct)
    {
        try
        {
            // Microsoft.IdentityModel refuses plain http unless told; allow it only for a loopback address.
            var retriever = new HttpDocumentRetriever(httpClients()) { RequireHttps = !BotFrameworkOptions.IsLoopback(address) };
            _current = await OpenIdConnectConfigurationRetriever.GetAsync(address.AbsoluteUri, retriever, ct);
            _fetchedAt = time.GetUtcNow();
        }
        catch (Exception e) when (keepOldOnFailure && _current is not null && e is IOException or InvalidOperationException or ArgumentException or HttpRequestException or SecurityTokenException)
        {
            // The issuer is briefly unreachable: the keys we have are still the best we know.
        }
    }
}
