using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChangeBot.BotFramework.Auth;

/// <summary>
/// One issuer's OpenID metadata and signing keys, cached by Microsoft.IdentityModel's ConfigurationManager:
/// refreshed every 12 hours, and early when a token names a key id we have not seen (the token handler
/// asks for that), at most every <see cref="UnknownKeyRefreshInterval"/> so forged key ids cannot make us
/// hammer the metadata endpoint.
/// </summary>
internal sealed class OpenIdMetadataSource
{
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(30);

    public OpenIdMetadataSource(Uri address, HttpClient http)
    {
        // Microsoft.IdentityModel refuses plain http unless told; allow it only for a loopback address.
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = !BotFrameworkOptions.IsLoopback(address) };
        Manager = new ConfigurationManager<OpenIdConnectConfiguration>(address.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            RefreshInterval = UnknownKeyRefreshInterval,
        };
    }

    public ConfigurationManager<OpenIdConnectConfiguration> Manager { get; }

    /// <summary>The channel ids a signing key is endorsed for (Bot Framework's extra <c>endorsements</c> JWK field).</summary>
    public async Task<IReadOnlyList<string>?> GetEndorsementsAsync(string? keyId, CancellationToken ct)
    {
        if (keyId is null)
        {
            return null;
        }

        var configuration = await Manager.GetConfigurationAsync(ct);
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var raw) || raw is not System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array)
        {
            return key is null ? null : [];
        }

        return [.. array.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!)];
    }
}
