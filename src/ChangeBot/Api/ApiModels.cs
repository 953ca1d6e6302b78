using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;

namespace ChangeBot.Api;

internal sealed record NoticeSummary(string Id, string Title, string Severity, string State, int Revision, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd, DateTimeOffset? ActionDeadline)
{
    public static NoticeSummary From(Notice n) => new(n.Id, n.Title, Words.Severity(n.Severity), NoticeLifecycle.Describe(n.State), n.Revision, n.WindowStart, n.WindowEnd, n.ActionDeadline);
}

internal sealed record ImportResponse(IReadOnlyList<ImportedNotice> Notices);

internal sealed record ImportedNotice(string Id, string Outcome, int Revision);

internal sealed record NoticeErrorResponse(string File, int Line, string Message);

internal sealed record UpdateRequest(string? Text);

internal sealed record RescheduleRequest(string? Deadline);

internal sealed record OperationResponse(string Message);

internal sealed record ReadinessRow(string Channel, string Delivery, DateTimeOffset? DeliveredAt, string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt, string? Broken)
{
    public static ReadinessRow From(ChannelReadiness r) => new(
        r.ChannelKey, r.Delivery.ToString().ToLowerInvariant(), r.DeliveredAt,
        r.Answer is { } a ? AckWords.Word(a.Answer) : null, r.Answer?.UserId, r.Answer?.At, r.BrokenReason);
}

internal sealed record SubscriptionResponse(string Id, string Channel, IReadOnlyList<string> Filters, string CreatedBy, DateTimeOffset CreatedAt, string? Broken);

/// <summary>Body of POST /api/v1/checks (named apart from the core's CheckRequest, which it does not mirror).</summary>
internal sealed record CheckBody(string? Target, string? NoticeId);

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
    public static IResult ToHttp(OperationResult result) => result.Error switch
    {
        OperationError.None => TypedResults.Ok(new OperationResponse(Text(result.Reply))),
        OperationError.NotFound => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status404NotFound),
        OperationError.Invalid => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status400BadRequest),
        OperationError.Forbidden => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status403Forbidden),
        _ => TypedResults.Problem(Text(result.Reply), statusCode: StatusCodes.Status409Conflict),
    };
}
