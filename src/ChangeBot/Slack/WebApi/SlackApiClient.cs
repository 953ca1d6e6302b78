using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ChangeBot.Slack.Rendering;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// The Slack Web API on HttpClient + System.Text.Json (docs/platforms.md#slack-web-api): rate limited before the call,
/// 429s honoured with Retry-After, transient failures retried by Polly, <c>ok:false</c> turned into
/// <see cref="SlackApiException"/> with a <see cref="SlackErrorKind"/>.
/// </summary>
internal sealed partial class SlackApiClient
{
    public const string HttpClientName = "slack-api";

    private readonly HttpClient _http;
    private readonly SlackTokenProvider _tokens;
    private readonly SlackRateLimiter _limits;
    private readonly SlackClientTuning _tuning;
    private readonly IOptions<SlackOptions> _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;

    public SlackApiClient(IHttpClientFactory factory, SlackTokenProvider tokens, SlackRateLimiter limits,
        SlackClientTuning tuning, IOptions<SlackOptions> options, TimeProvider time)
    {
        _http = factory.CreateClient(HttpClientName);
        _tokens = tokens;
        _limits = limits;
        _tuning = tuning;
        _options = options;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                // Rate limits have their own, larger budget: waiting them out inline is cheap, and a call
                // handed back to the broadcast engine waits for its next sweep.
                MaxRetryAttempts = Math.Max(tuning.MaxRetries, tuning.MaxRateLimitedRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = tuning.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    SlackApiException { Kind: SlackErrorKind.RateLimited } e => args.AttemptNumber < tuning.MaxRateLimitedRetries && IsRetryable(e),
                    SlackApiException e => args.AttemptNumber < tuning.MaxRetries && IsRetryable(e),
                    HttpRequestException or TimeoutRejectedException => args.AttemptNumber < tuning.MaxRetries,
                    _ => false,
                }),
                // A 429 says exactly how long to wait; the rate limiter's gate holds the retry until then.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is SlackApiException { Kind: SlackErrorKind.RateLimited } ? TimeSpan.Zero : (TimeSpan?)null),
            })
            .AddTimeout(tuning.AttemptTimeout)
            .Build();
    }

    /// <summary>The <c>event_type</c> of the message metadata that carries a delivery's ledger key.</summary>
    public const string DeliveryMetadataType = "changebot_delivery";

    public async Task<PostMessageResponse> PostMessageAsync(
        SlackWorkspace workspace, string channel, SlackMessage message, string? threadTs, CancellationToken ct, string? deliveryKey = null,
        bool alsoInChannel = false)
    {
        var body = MessageBody(message);
        body["channel"] = channel;
        if (deliveryKey is not null)
        {
            // Slack has no idempotency key; metadata lets a resend find the message an earlier attempt posted.
            body["metadata"] = new JsonObject
            {
                ["event_type"] = DeliveryMetadataType,
                ["event_payload"] = new JsonObject { ["delivery_key"] = deliveryKey },
            };
        }

        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
            if (alsoInChannel)
            {
                // A thread reply notifies only the thread's followers; this also shows it in the channel.
                body["reply_broadcast"] = true;
            }
        }

        // A lost answer (5xx, timeout, reset) may hide a message Slack did post: before the client's own retry
        // posts again, it looks for that message the way the delivery engine does before a resend.
        Func<CancellationToken, Task<PostMessageResponse?>>? findEarlierAttempt = deliveryKey is null ? null : async token =>
            await FindDeliveryOrNullAsync(workspace, channel, deliveryKey, token) is { } ts
                ? new PostMessageResponse { Ok = true, Channel = channel, Ts = ts }
                : null;
        return await CallAsync("chat.postMessage", workspace, channel, body, SlackApiJson.Default.PostMessageResponse, ct, findEarlierAttempt);
    }

    private async Task<string?> FindDeliveryOrNullAsync(SlackWorkspace workspace, string channel, string deliveryKey, CancellationToken ct)
    {
        try
        {
            return await FindDeliveryAsync(workspace, channel, deliveryKey, ct);
        }
        catch (SlackApiException)
        {
            // Without history access the retry posts again: at least once, as the delivery engine documents.
            return null;
        }
    }

    /// <summary>The ts of a recent message in the channel (or thread) carrying <paramref name="deliveryKey"/>, or null.</summary>
    public async Task<string?> FindDeliveryAsync(SlackWorkspace workspace, string channel, string deliveryKey, CancellationToken ct)
    {
        var body = new JsonObject { ["channel"] = channel, ["limit"] = 100, ["include_all_metadata"] = true };
        var history = await CallAsync("conversations.history", workspace, null, body, SlackApiJson.Default.HistoryResponse, ct);
        return history.Messages?.FirstOrDefault(m =>
            m.Metadata?["event_type"]?.GetValue<string>() == DeliveryMetadataType
            && m.Metadata?["event_payload"]?["delivery_key"]?.GetValue<string>() == deliveryKey)?.Ts;
    }

    public async Task<PostMessageResponse> UpdateMessageAsync(
        SlackWorkspace workspace, string channel, string ts, SlackMessage message, CancellationToken ct)
    {
        var body = MessageBody(message);
        body["channel"] = channel;
        body["ts"] = ts;
        return await CallAsync("chat.update", workspace, channel, body, SlackApiJson.Default.PostMessageResponse, ct);
    }

    public async Task<PostEphemeralResponse> PostEphemeralAsync(
        SlackWorkspace workspace, string channel, string user, SlackMessage message, string? threadTs, CancellationToken ct)
    {
        var body = MessageBody(message);
        body["channel"] = channel;
        body["user"] = user;
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        return await CallAsync("chat.postEphemeral", workspace, channel, body, SlackApiJson.Default.PostEphemeralResponse, ct);
    }

    public async Task<SlackUser?> GetUserAsync(SlackWorkspace workspace, string user, CancellationToken ct) =>
        (await CallAsync("users.info", workspace, null, new JsonObject { ["user"] = user }, SlackApiJson.Default.UserInfoResponse, ct)).User;

    public Task<SlackResponse> OpenViewAsync(SlackWorkspace workspace, string triggerId, JsonObject view, CancellationToken ct) =>
        CallAsync("views.open", workspace, null, new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, SlackApiJson.Default.SlackResponse, ct);

    private static JsonObject MessageBody(SlackMessage message) => new()
    {
        ["text"] = message.Text,
        ["blocks"] = message.Blocks.DeepClone(),
        // Nothing in a message may turn names into mentions or unfurl links on its own.
        ["link_names"] = false,
        ["unfurl_links"] = false,
        ["unfurl_media"] = false,
    };

    private async Task<T> CallAsync<T>(string method, SlackWorkspace workspace, string? channel, JsonObject body,
        JsonTypeInfo<T> type, CancellationToken ct, Func<CancellationToken, Task<T?>>? findEarlierAttempt = null)
        where T : SlackResponse
    {
        var token = await _tokens.GetBotTokenAsync(workspace.Team, workspace.Enterprise, ct);
        var json = body.ToJsonString();
        return await SendAsync(method, workspace.Team, channel, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, method)
            {
                // JSON bodies need the token in the header and an explicit charset (docs/platforms.md#slack-web-api).
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, type, ct, findEarlierAttempt);
    }

    private async Task<T> SendAsync<T>(string method, string? team, string? channel, Func<HttpRequestMessage> build,
        JsonTypeInfo<T> type, CancellationToken ct, Func<CancellationToken, Task<T?>>? findEarlierAttempt = null)
        where T : SlackResponse
    {
        var mayHaveTakenEffect = false;
        return await _pipeline.ExecuteAsync(async token =>
        {
            if (mayHaveTakenEffect && findEarlierAttempt is not null && await findEarlierAttempt(token) is { } earlier)
            {
                return earlier;
            }

            try
            {
                return await SendOnceAsync(method, team, channel, build, type, token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException
                || e is SlackApiException { Kind: SlackErrorKind.Transient })
            {
                // The request may have reached Slack; only a 429 or an ok:false answer says it did not act.
                mayHaveTakenEffect = true;
                throw;
            }
        }, ct);
    }

    private async Task<T> SendOnceAsync<T>(string method, string? team, string? channel, Func<HttpRequestMessage> build,
        JsonTypeInfo<T> type, CancellationToken token)
        where T : SlackResponse
    {
        // Wait out a 429 before taking a slot, so the calls held back go out paced, not all at once.
        await _limits.WaitForRetryAfterAsync(method, team, token);
        using (await _limits.AcquireAsync(method, team, channel, token))
        {
            if (_limits.IsBlocked(method, team))
            {
                // A 429 came back while this call waited for its slot: start over behind the gate.
                throw new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, TimeSpan.Zero);
            }

            using var request = build();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = RetryAfter(response) ?? _tuning.DefaultRetryAfter;
                _limits.Block(method, team, retryAfter);
                throw new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, retryAfter);
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", SlackErrorKind.Transient);
            }

            var result = await ReadAsync(method, response, type, token);
            if (!result.Ok)
            {
                var error = result.Error ?? "unknown_error";
                throw new SlackApiException(method, error, SlackApiException.Classify(error));
            }

            _limits.Succeeded(method, team);
            return result;
        }
    }

    private static async Task<T> ReadAsync<T>(string method, HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            return await JsonSerializer.DeserializeAsync(stream, type, ct)
                ?? throw new SlackApiException(method, "invalid_response", SlackErrorKind.Transient);
        }
        catch (JsonException e)
        {
            var kind = response.IsSuccessStatusCode ? SlackErrorKind.Transient : SlackErrorKind.Permanent;
            throw new SlackApiException(method, $"invalid_response_http_{(int)response.StatusCode}", kind, inner: e);
        }
    }

    private bool IsRetryable(SlackApiException e) => e.Kind switch
    {
        SlackErrorKind.Transient => true,
        SlackErrorKind.RateLimited => e.RetryAfter is { } wait && wait <= _tuning.MaxInlineRetryAfter,
        _ => false,
    };

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
            _ => null,
        };
}

/// <summary>The workspace a call is made for: picks the token and the rate-limit bucket.</summary>
internal sealed record SlackWorkspace(string Team, string? Enterprise = null);
