using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ChangeBot.Slack.WebApi;

// Calls that do not use a workspace's bot token: the OAuth exchange, Socket Mode's connection
// request, and replies through a command's response_url.
internal sealed partial class SlackApiClient
{
    /// <summary>Exchanges an OAuth code for the workspace's bot token (form body, client credentials as
    /// HTTP Basic, docs/platforms.md#slack-oauth).</summary>
    public Task<OAuthAccessResponse> OAuthAccessAsync(string code, string? redirectUri, CancellationToken ct)
    {
        var options = _options.Value;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}"));
        var form = new Dictionary<string, string> { ["code"] = code, ["grant_type"] = "authorization_code" };
        if (redirectUri is not null)
        {
            form["redirect_uri"] = redirectUri;
        }

        return SendAsync("oauth.v2.access", null, null, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "oauth.v2.access") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            return request;
        }, SlackApiJson.Default.OAuthAccessResponse, ct);
    }

    /// <summary>Asks for a Socket Mode WebSocket URL with the app-level token (header only, A9).</summary>
    public Task<ConnectionsOpenResponse> OpenConnectionAsync(CancellationToken ct)
    {
        var appToken = _options.Value.AppToken;
        return SendAsync("apps.connections.open", null, null, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "apps.connections.open");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
            return request;
        }, SlackApiJson.Default.ConnectionsOpenResponse, ct);
    }

    /// <summary>Posts to a command's or action's <c>response_url</c>. Only Slack's hooks host (or the
    /// configured API host, for local doubles) is accepted, so a forged payload cannot aim us elsewhere.</summary>
    public async Task PostToResponseUrlAsync(string responseUrl, JsonObject body, CancellationToken ct)
    {
        if (!IsAllowedResponseUrl(responseUrl))
        {
            throw new SlackApiException("response_url", "response_url_not_slack", SlackErrorKind.Permanent);
        }

        var json = body.ToJsonString();
        var uri = new Uri(responseUrl, UriKind.Absolute);
        await _pipeline.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await _http.SendAsync(request, token);
            if ((int)response.StatusCode == 429 || (int)response.StatusCode >= 500)
            {
                throw new SlackApiException("response_url", $"http_{(int)response.StatusCode}", SlackErrorKind.Transient);
            }

            if (!response.IsSuccessStatusCode)
            {
                // 404 means the URL expired (30 minutes, 5 uses): nothing will make it work again.
                throw new SlackApiException("response_url", $"http_{(int)response.StatusCode}", SlackErrorKind.Permanent);
            }
        }, ct);
    }

    internal bool IsAllowedResponseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttps && (uri.Host == "hooks.slack.com" || uri.Host.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var api = _options.Value.ApiBaseUri;
        return uri.Scheme == api.Scheme && string.Equals(uri.Host, api.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == api.Port;
    }
}
