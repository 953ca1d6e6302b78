using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

/// <summary>Notices as code for support tooling: the same file format and validation as the CLI.</summary>
internal static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        var notices = api.MapGroup("/notices").WithTags("Notices");

        notices.MapGet("/", async (INoticeStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListNoticesAsync(ct)).Select(NoticeSummary.From).ToList()));

        notices.MapGet("/{id}", async Task<Results<Ok<Notice>, ProblemHttpResult>> (string id, INoticeStore store, CancellationToken ct) =>
        {
            if (await store.GetNoticeAsync(id, ct) is not { } notice)
            {
                return NotFound(id);
            }

            return TypedResults.Ok(notice);
        }).ProducesProblem(StatusCodes.Status404NotFound);

        notices.MapGet("/{id}/revisions", async Task<Results<Ok<IReadOnlyList<Notice>>, ProblemHttpResult>> (string id, INoticeStore store, CancellationToken ct) =>
        {
            var revisions = await store.GetRevisionsAsync(id, ct);
            if (revisions.Count == 0)
            {
                return NotFound(id);
            }

            return TypedResults.Ok(revisions);
        }).ProducesProblem(StatusCodes.Status404NotFound);

        // The body is the notice file itself (text/markdown); ?fileName= names it in error messages.
        notices.MapPost("/", async Task<Results<Created<ImportResponse>, Ok<ImportResponse>, ProblemHttpResult>> (HttpRequest request, NoticeCatalog catalog, string? fileName, CancellationToken ct) =>
        {
            var content = await BoundedBody.ReadTextAsync(request, NoticeLimits.MaxNoticeBytes, ct);
            if (content is null)
            {
                return BoundedBody.TooLarge(NoticeLimits.MaxNoticeBytes);
            }

            if (string.IsNullOrWhiteSpace(content))
            {
                return TypedResults.Problem("The body must be a notice file (Markdown with YAML front matter).", statusCode: StatusCodes.Status400BadRequest);
            }

            var name = string.IsNullOrWhiteSpace(fileName) ? "request body" : Path.GetFileName(fileName);
            var report = await catalog.ImportContentAsync(content, name, ApiActor.Of(request.HttpContext), ct);
            if (!report.Succeeded)
            {
                return TypedResults.Problem(
                    detail: string.Join("\n", report.Errors),
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The notice is not valid; nothing was stored.",
                    extensions: new Dictionary<string, object?> { ["errors"] = report.Errors.Select(e => new NoticeErrorResponse(e.File, e.Line, e.Message)).ToList() });
            }

            var body = new ImportResponse([.. report.Results.Select(r => new ImportedNotice(r.Id, r.Outcome.ToString().ToLowerInvariant(), r.Revision))], report.Warnings);
            if (report.Results.Any(r => r.Outcome == ImportOutcome.Created))
            {
                return TypedResults.Created($"/api/v1/notices/{report.Results[0].Id}", body);
            }

            return TypedResults.Ok(body);
        }).Accepts<string>("text/markdown", "text/plain").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        notices.MapPost("/{id}/publish", async (string id, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            Words.ToHttp(await ops.PublishAsync(id, ApiActor.Of(http), ct))).ProducesOperationProblems();

        notices.MapPost("/{id}/update", async (string id, UpdateRequest body, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            Words.ToHttp(await ops.UpdateAsync(id, body.Text ?? "", ApiActor.Of(http), ct))).ProducesOperationProblems();

        notices.MapPost("/{id}/reschedule", async (string id, RescheduleRequest body, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body.Deadline)
                ? TypedResults.Problem("'deadline' is required (ISO 8601, or a local time in the notice's zone).", statusCode: StatusCodes.Status400BadRequest)
                : Words.ToHttp(await ops.RescheduleAsync(id, body.Deadline, ApiActor.Of(http), ct))).ProducesOperationProblems();

        notices.MapPost("/{id}/cancel", async (string id, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            Words.ToHttp(await ops.CancelAsync(id, ApiActor.Of(http), ct))).ProducesOperationProblems();

        notices.MapGet("/{id}/readiness", async Task<Results<Ok<List<ReadinessRow>>, ProblemHttpResult>> (string id, IChangeBotStore store, HttpContext http, CancellationToken ct) =>
        {
            if (await store.GetNoticeAsync(id, ct) is not { } notice)
            {
                return NotFound(id);
            }

            if (CutOverApi.PlainStatus(notice, await store.ListCutOversAsync(id, ct)) is { } cutOver && cutOver.All(char.IsAscii))
            {
                http.Response.Headers[CutOverApi.ReadinessHeader] = cutOver;
            }

            return TypedResults.Ok((await Readiness.ReportAsync(store, id, ct)).Select(ReadinessRow.From).ToList());
        }).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem($"There is no notice '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
