using System.Net;
using System.Net.Http.Headers;

namespace ChangeBot.BotFramework.Connector;

/// <summary>Each attempt (retries included) waits for its conversation's rate-limit slot.</summary>
internal sealed class ConversationRateLimitHandler(ConversationRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(ConnectorClient.RateLimitKey, out var thread))
        {
            await limiter.AcquireAsync(thread, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Adds the bot's bearer token. The token is effectively a password, so it only goes to https service URLs
/// (or loopback in tests), redirects are never followed (see the primary handler), and a 401 drops the
/// cached token so the next call fetches a new one.
/// </summary>
internal sealed class ConnectorAuthHandler(BotTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } url || !BotFrameworkOptions.IsAcceptableEndpoint(url))
        {
            throw new HttpRequestException($"refusing to send the bot's token to {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: not https");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Invalidate();
        }

        return response;
    }
}
