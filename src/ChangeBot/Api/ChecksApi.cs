using System.Globalization;
using ChangeBot.Core.Checks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

internal static class ChecksApi
{
    public static RouteGroupBuilder MapChecksApi(this RouteGroupBuilder api)
    {
        // The guarded engine on the same path as chat: SSRF rules, per-caller limit, notice lookup. The
        // answer is the CLI's --json shape (docs/checks.md#verdict-and-exit-codes), so tooling can parse both the same way.
        api.MapPost("/checks", async Task<Results<JsonHttpResult<CheckResult>, ProblemHttpResult>> (CheckBody body, HttpContext http, ChatCheckService checks, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Target))
            {
                return TypedResults.Problem("'target' is required: host, host:port or https URL.", statusCode: StatusCodes.Status400BadRequest);
            }

            var noticeId = string.IsNullOrWhiteSpace(body.NoticeId) ? null : body.NoticeId.Trim().ToLowerInvariant();
            // Prefixed so a token's fingerprint can never share a limit with a chat user's id.
            var caller = "rest:" + ApiActor.Of(http).UserId;
            var outcome = await checks.RunAsync(new GuardedCheckRequest(body.Target, noticeId, caller, "rest"), ct);
            return outcome.Refusal switch
            {
                null => TypedResults.Json(outcome.Result!, CheckJsonContext.Default.CheckResult),
                { Reason: CheckRefusalReason.BadTarget } bad => TypedResults.Problem(bad.Message, statusCode: StatusCodes.Status400BadRequest),
                { Reason: CheckRefusalReason.UnknownNotice } => TypedResults.Problem($"There is no notice '{noticeId}'.", statusCode: StatusCodes.Status404NotFound),
                { } limited => TooMany(http, limited),
            };
        })
        .WithTags("Checks")
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
