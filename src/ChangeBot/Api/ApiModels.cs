using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

internal sealed record NoticeSummary(string Id, string Title, string Severity, string State, int Revision, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd, DateTimeOffset? ActionDeadline)
{
    public static NoticeSummary From(Notice n) => new(n.Id, n.Title, Words.Severity(n.Severity), NoticeLifecycle.Describe(n.State), n.Revision, n.WindowStart, n.WindowEnd, n.ActionDeadline);
}

/// <summary><c>warnings</c>: imported anyway, but support should know (e.g. the notice announces a distrusted root).</summary>
internal sealed record ImportResponse(IReadOnlyList<ImportedNotice> Notices, IReadOnlyList<string> Warnings);

internal sealed record ImportedNotice(string Id, string Outcome, int Revision);

internal sealed record NoticeErrorResponse(string File, int Line, string Message);

internal sealed record UpdateRequest(string? Text);

internal sealed record RescheduleRequest(string? Deadline);

internal sealed record OperationResponse(string Message);

/// <summary>One channel of <c>GET /api/v1/notices/{id}/readiness</c>. <c>delivery</c> is null for a channel that
/// answered or ran a check without being sent the notice; <c>failure</c> is the latest delivery there that
/// failed for good; <c>lastCheck</c> the last chain check run there for this notice.</summary>
internal sealed record ReadinessRow(string Channel, string? Delivery, DateTimeOffset? DeliveredAt, string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt, string? Broken)
{
    public ReadinessFailure? Failure { get; init; }

    public ReadinessCheck? LastCheck { get; init; }

    public static ReadinessRow From(ChannelReadiness r) => new(
        r.ChannelKey, r.Delivery?.ToString().ToLowerInvariant(), r.DeliveredAt,
        r.Answer is { } a ? AckWords.Word(a.Answer) : null, r.Answer?.UserId, r.Answer?.At, r.BrokenReason)
    {
        Failure = r.Failure is { } f ? new ReadinessFailure(f.Kind.ToString().ToLowerInvariant(), f.Error) : null,
        LastCheck = r.LastCheck is { } c ? new ReadinessCheck(CheckWords.Verdict(c.Verdict), c.Target, c.Problems, c.UserId, c.At) : null,
    };
}

internal sealed record ReadinessFailure(string Kind, string Error);

/// <summary>A channel's last chain check: <c>verdict</c> is <c>ok</c>, <c>problems</c> or <c>error</c> as in docs/checks.md#verdict-and-exit-codes.</summary>
internal sealed record ReadinessCheck(string Verdict, string Target, IReadOnlyList<string> Problems, string By, DateTimeOffset At);

internal sealed record SubscriptionResponse(string Id, string Channel, IReadOnlyList<string> Filters, string CreatedBy, DateTimeOffset CreatedAt, string? Broken);

/// <summary>Body of POST /api/v1/checks (named apart from the core's CheckRequest, which it does not mirror).</summary>
/// <param name="Chain">PEM certificates, leaf first, judged offline instead of connecting to <paramref name="Target"/>.</param>
internal sealed record CheckBody(string? Target, string? NoticeId, string? Chain = null);

internal static class Words
{
    public static string Severity(Severity s) => s switch
    {
        Core.Notices.Severity.ActionRequired => "action-required",
        _ => s.ToString().ToLowerInvariant(),
    };

    /// <summary>A reply's text for a JSON answer: times in UTC.</summary>
    public static string Text(Reply reply) => TimeMarkup.RenderPlain(reply.Text, null);

    /// <summary>Maps an operation's outcome to HTTP: 200, 404, 400 or 409, with the reply's words.</summary>
    public static Results<Ok<OperationResponse>, ProblemHttpResult> ToHttp(OperationResult result) => result.Error switch
    {
        OperationError.None => TypedResults.Ok(new OperationResponse(Text(result.Reply))),
        OperationError.NotFound => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status404NotFound),
        OperationError.Invalid => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status400BadRequest),
        OperationError.Forbidden => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status403Forbidden),
        _ => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status409Conflict),
    };

    /// <summary>The problems <see cref="ToHttp"/> can answer, for the OpenAPI document (a problem result's
    /// status is only known when it runs).</summary>
    public static RouteHandlerBuilder ProducesOperationProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
