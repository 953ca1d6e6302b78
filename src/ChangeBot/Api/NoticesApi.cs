using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Api;

/// <summary>Notices as code for support tooling: the same file format and validation as the CLI.</summary>
internal static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        var notices = api.MapGroup("/notices").WithTags("Notices");

        notices.MapGet("/", async (INoticeStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListNoticesAsync(ct)).Select(NoticeSummary.From).ToList()));

        notices.MapGet("/{id}", async Task<IResult> (string id, INoticeStore store, CancellationToken ct) =>
            await store.GetNoticeAsync(id, ct) is { } notice ? TypedResults.Ok(notice) : NotFound(id))
            .Produces<Notice>();

        notices.MapGet("/{id}/revisions", async Task<IResult> (string id, INoticeStore store, CancellationToken ct) =>
        {
            var revisions = await store.GetRevisionsAsync(id, ct);
            return revisions.Count == 0 ? NotFound(id) : TypedResults.Ok(revisions);
        }).Produces<IReadOnlyList<Notice>>();

        // The body is the notice file itself (text/markdown); ?fileName= names it in error messages.
        notices.MapPost("/", async Task<IResult> (HttpRequest request, NoticeCatalog catalog, IAuditLog audit, TimeProvider time, string? fileName, CancellationToken ct) =>
        {
            var content = await BoundedBody.ReadTextAsync(request, SupportApiRegistration.MaxBodyBytes, ct);
            if (content is null)
            {
                return BoundedBody.TooLarge(SupportApiRegistration.MaxBodyBytes);
            }

            if (string.IsNullOrWhiteSpace(content))
            {
                return TypedResults.Problem("The body must be a notice file (Markdown with YAML front matter).", statusCode: StatusCodes.Status400BadRequest);
            }

            var name = string.IsNullOrWhiteSpace(fileName) ? "request body" : Path.GetFileName(fileName);
            var report = await catalog.ImportContentAsync(content, name, ct);
            if (!report.Succeeded)
            {
                return TypedResults.Problem(
                    detail: string.Join("\n", report.Errors),
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The notice is not valid; nothing was stored.",
                    extensions: new Dictionary<string, object?> { ["errors"] = report.Errors.Select(e => new NoticeErrorResponse(e.File, e.Line, e.Message)).ToList() });
            }

            var actor = ApiActor.Of(request.HttpContext);
            foreach (var r in report.Results)
            {
                await audit.AddAuditAsync(new AuditEntry(Guid.NewGuid().ToString("N"), actor.UserId, actor.Surface, "import", r.Id, $"{r.Outcome} revision {r.Revision}", time.GetUtcNow()), ct);
            }

            var body = new ImportResponse([.. report.Results.Select(r => new ImportedNotice(r.Id, r.Outcome.ToString().ToLowerInvariant(), r.Revision))], report.Warnings);
            return report.Results.Any(r => r.Outcome == ImportOutcome.Created)
                ? TypedResults.Created($"/api/v1/notices/{report.Results[0].Id}", body)
                : TypedResults.Ok(body);
        }).Accepts<string>("text/markdown", "text/plain").Produces<ImportResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);

        notices.MapPost("/{id}/publish", async (string id, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            Words.ToHttp(await ops.PublishAsync(id, ApiActor.Of(http), ct))).Produces<OperationResponse>();

        notices.MapPost("/{id}/update", async (string id, UpdateRequest body, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            Words.ToHttp(await ops.UpdateAsync(id, body.Text ?? "", ApiActor.Of(http), ct))).Produces<OperationResponse>();

        notices.MapPost("/{id}/reschedule", async (string id, RescheduleRequest body, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body.Deadline)
                ? TypedResults.Problem("'deadline' is required (ISO 8601, or a local time in the notice's zone).", statusCode: StatusCodes.Status400BadRequest)
                : Words.ToHttp(await ops.RescheduleAsync(id, body.Deadline, ApiActor.Of(http), ct))).Produces<OperationResponse>();

        notices.MapPost("/{id}/cancel", async (string id, HttpContext http, INoticeOperations ops, CancellationToken ct) =>
            Words.ToHttp(await ops.CancelAsync(id, ApiActor.Of(http), ct))).Produces<OperationResponse>();

        notices.MapGet("/{id}/readiness", async Task<IResult> (string id, IChangeBotStore store, CancellationToken ct) =>
            await store.GetNoticeAsync(id, ct) is null
                ? NotFound(id)
                : TypedResults.Ok((await Readiness.ReportAsync(store, id, ct)).Select(ReadinessRow.From).ToList()))
            .Produces<List<ReadinessRow>>();
        return api;
    }

    private static IResult NotFound(string id) => TypedResults.Problem($"There is no notice '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
