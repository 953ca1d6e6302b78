using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChangeBot.BotFramework.Schema;

namespace ChangeBot.BotFramework.Connector;

/// <summary>
/// The Bot Framework Connector REST API (docs/platforms.md#bot-framework-connector) on the shared <see cref="HttpClientName"/>
/// client, whose handlers add retries (Polly), the per-conversation rate limit and our bearer token.
/// Every service URL given here must have come from an activity whose token vouched for it.
/// </summary>
internal sealed class ConnectorClient(IHttpClientFactory httpClients, TimeProvider time, ILogger<ConnectorClient> log)
{
    public const string HttpClientName = "changebot-botframework-connector";

    /// <summary>The conversation a request counts against, for <see cref="ConversationRateLimitHandler"/>.</summary>
    public static readonly HttpRequestOptionsKey<string> RateLimitKey = new("changebot.conversation");

    public Task<ConnectorResult> SendToConversationAsync(Uri serviceUrl, string conversationId, OutboundActivity activity, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities", conversationId, activity, ct);

    public Task<ConnectorResult> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, OutboundActivity activity, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}", conversationId,
            activity with { ReplyToId = activityId }, ct);

    public Task<ConnectorResult> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, OutboundActivity activity, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}", conversationId, activity, ct);

    /// <summary>Opens (or finds) a 1:1 chat with a user; the result's id is the new conversation id.</summary>
    public Task<ConnectorResult> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", "create:" + parameters.TenantId, parameters, BotFrameworkJson.Default.ConversationParameters, ct);

    /// <summary>The UTF-8 size of an activity on the wire, for the message size budget.</summary>
    public static int MeasureBytes(OutboundActivity activity) =>
        JsonSerializer.SerializeToUtf8Bytes(activity, BotFrameworkJson.Default.OutboundActivity).Length;

    private Task<ConnectorResult> SendAsync(HttpMethod method, Uri serviceUrl, string path, string conversationId, OutboundActivity activity, CancellationToken ct) =>
        SendAsync(method, serviceUrl, path, conversationId, activity, BotFrameworkJson.Default.OutboundActivity, ct);

    private async Task<ConnectorResult> SendAsync<T>(HttpMethod method, Uri serviceUrl, string path, string conversationId, T body, JsonTypeInfo<T> type, CancellationToken ct)
    {
        // Real service URLs carry a path (…/amer/): append to it, never replace it (docs/platforms.md#bot-framework-connector).
        var url = new Uri(serviceUrl.AbsoluteUri.TrimEnd('/') + "/" + path);
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        request.Options.Set(RateLimitKey, ConversationRateLimiter.ThreadKey(conversationId));
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return ConnectorResult.Ok(ReadId(text));
            }

            var result = ConnectorErrors.Classify(response.StatusCode, text, ConnectorErrors.RetryAfter(response, time.GetUtcNow()));
            var operation = response.Headers.TryGetValues("X-Correlating-OperationId", out var ids) ? ids.FirstOrDefault() : null;
            BotFrameworkLog.ConnectorCallFailed(log, method.Method, path, result.Error ?? "", operation);
            return result;
        }
        catch (Exception e) when (e is HttpRequestException or BotTokenException or RateLimitRejectedException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            BotFrameworkLog.ConnectorCallFailed(log, method.Method, path, e.Message, null);
            return new ConnectorResult(ConnectorOutcome.Retryable, Error: e.Message);
        }
    }

    private static string? ReadId(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, BotFrameworkJson.Default.ResourceResponse)?.Id;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Esc(string segment) => Uri.EscapeDataString(segment);
}
