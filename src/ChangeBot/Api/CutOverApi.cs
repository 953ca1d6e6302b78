using ChangeBot.Core.Conversations;
using ChangeBot.Core.CutOvers;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

/// <summary><c>GET /api/v1/notices/{id}/cutover</c>: what cut-over detection saw (docs/checks.md#cut-over-detection).</summary>
internal static class CutOverApi
{
    /// <summary>The readiness report's cut-over line, as a response header beside its rows (the body stays the
    /// array tooling already parses).</summary>
    public const string ReadinessHeader = "ChangeBot-Cut-Over";

    public static RouteGroupBuilder MapCutOverApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notices/{id}/cutover", async Task<Results<Ok<CutOverReport>, ProblemHttpResult>> (string id, IChangeBotStore store, CancellationToken ct) =>
        {
            if (await store.GetNoticeAsync(id, ct) is not { } notice)
            {
                return TypedResults.Problem($"There is no notice '{id}'.", statusCode: StatusCodes.Status404NotFound);
            }

            return TypedResults.Ok(CutOverReport.From(notice, await store.ListCutOversAsync(id, ct)));
        })
        .WithTags("Notices")
        .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The cut-over line in plain text, or null when the notice is not one cut-over detection watches.</summary>
    public static string? PlainStatus(Notice notice, IReadOnlyList<CutOverObservation> observations) =>
        CutOverStatus.Applies(notice) ? CutOverStatus.Describe(notice, observations, t => TimeMarkup.RenderPlain(t, null)) : null;
}

/// <param name="Watched">whether the notice announces certificates and names a <c>current</c> endpoint.</param>
/// <param name="Status">the readiness line ("live since …", "rolled back at …", "not yet seen"); null when not watched.</param>
internal sealed record CutOverReport(string NoticeId, bool Watched, string? Status, IReadOnlyList<CutOverObservationRow> Observations)
{
    public static CutOverReport From(Notice notice, IReadOnlyList<CutOverObservation> observations) => new(
        notice.Id,
        CutOverStatus.Applies(notice),
        CutOverApi.PlainStatus(notice, observations),
        [.. observations.Select(o => new CutOverObservationRow(o.Sequence, o.Endpoint, CutOverMessages.Word(o.State), o.FirstSeen))]);
}

internal sealed record CutOverObservationRow(int Sequence, string Endpoint, string State, DateTimeOffset FirstSeen);
