using System.Globalization;
using ChangeBot.Core.Checks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

internal static class ChecksApi
{
    public static RouteGroupBuilder MapChecksApi(this RouteGroupBuilder api)
    {
        // The guarded engine on the same path as chat: SSRF rules, per-caller limit, notice lookup; or, with
        // 'chain', the offline evaluation of check --chain-file. The answer is the CLI's --json shape (docs/checks.md#verdict-and-exit-codes), so tooling can parse both the same way.
        api.MapPost("/checks", async Task<Results<JsonHttpResult<CheckResult>, ProblemHttpResult>> (CheckBody body, HttpContext http, ChatCheckService checks, CancellationToken ct) =>
        {
            var hasChain = !string.IsNullOrWhiteSpace(body.Chain);
            if (string.IsNullOrWhiteSpace(body.Target) == !hasChain)
            {
                return TypedResults.Problem(hasChain
                    ? "Give either 'target' or 'chain', not both."
                    : "'target' is required: host, host:port or https URL; or give 'chain' (PEM certificates, leaf first) to judge a chain offline.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            var noticeId = string.IsNullOrWhiteSpace(body.NoticeId) ? null : body.NoticeId.Trim().ToLowerInvariant();
            // Prefixed so a token's fingerprint can never share a limit with a chat user's id.
            var caller = "rest:" + ApiActor.Of(http).UserId;
            var outcome = hasChain
                ? await checks.RunChainAsync(body.Chain!, noticeId, caller, "rest", ct)
                : await checks.RunAsync(new GuardedCheckRequest(body.Target!, noticeId, caller, "rest"), ct);
            return outcome.Refusal switch
            {
                null => TypedResults.Json(outcome.Result!, CheckJsonContext.Default.CheckResult),
                { Reason: CheckRefusalReason.BadTarget } bad => TypedResults.Problem(bad.Message, statusCode: StatusCodes.Status400BadRequest),
                { Reason: CheckRefusalReason.UnknownNotice } => TypedResults.Problem($"There is no notice '{noticeId}'.", statusCode: StatusCodes.Status404NotFound),
                { } limited => TooMany(http, limited),
            };
        })
        .WithTags("Checks")
        // A pasted chain may be as large as a chain file (256 KiB), plus the JSON escaping of its line breaks
        // (one byte per 64-character line); ChainFile then bounds the chain itself exactly.
        .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ChainFile.MaxFileBytes + (16 * 1024)))
        .Produces<CheckResult>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    private static ProblemHttpResult TooMany(HttpContext http, CheckRefusal refusal)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((refusal.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status429TooManyRequests);
    }
}
