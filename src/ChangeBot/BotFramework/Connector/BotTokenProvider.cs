using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.BotFramework.Schema;

namespace ChangeBot.BotFramework.Connector;

/// <summary>
/// The bot's own token for Connector calls: an OAuth client-credentials grant against
/// <c>BotFramework:OAuthTokenEndpoint</c> with scope <c>https://api.botframework.com/.default</c>,
/// cached until shortly before it expires. A plain form POST rather than MSAL because MSAL refuses
/// non-https authorities (docs/platforms.md#bot-framework-token) and we want one code path for production and tests.
/// </summary>
internal sealed class BotTokenProvider(IHttpClientFactory httpClients, BotFrameworkOptions options, TimeProvider time)
{
    public const string HttpClientName = "changebot-botframework-token";
    public const string Scope = "https://api.botframework.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        if (Fresh() is { } token)
        {
            return token;
        }

        // One request at a time: concurrent sends wait for the same fresh token instead of each asking.
        await _gate.WaitAsync(ct);
        try
        {
            return Fresh() ?? await RequestAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached token, e.g. after the Connector answered 401 to it.</summary>
    public void Invalidate() => _cached = null;

    private string? Fresh() => _cached is { } c && time.GetUtcNow() < c.RefreshAt ? c.Token : null;

    private async Task<string> RequestAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.OAuthTokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.MicrosoftAppId,
                ["client_secret"] = options.MicrosoftAppPassword,
                ["scope"] = Scope,
            }),
        };
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, ct);
        TokenResponse? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(BotFrameworkJson.Default.TokenResponse, ct);
        }
        catch (JsonException)
        {
            // Reported below without echoing the body, which could hold anything.
        }

        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(body?.AccessToken))
        {
            throw new BotTokenException(
                $"the token endpoint {options.OAuthTokenEndpoint.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} without a token; check BotFramework:MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType");
        }

        var lifetime = TimeSpan.FromSeconds(Math.Clamp(body.ExpiresIn ?? 3600, 1, 86_400));
        var margin = lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;
        _cached = new CachedToken(body.AccessToken, time.GetUtcNow() + lifetime - margin);
        return body.AccessToken;
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}

internal sealed class BotTokenException(string message) : Exception(message);
