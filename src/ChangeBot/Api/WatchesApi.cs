using ChangeBot.Core.Watches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

/// <summary><c>GET /api/v1/watches</c>: every channel's watches for support, one bounded page at a time, by id.</summary>
internal static class WatchesApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapWatchesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/watches", async Task<Results<Ok<WatchesPage>, ProblemHttpResult>> (IWatchStore store, string? after, int? limit, CancellationToken ct) =>
        {
            var take = limit ?? DefaultLimit;
            if (take is < 1 or > MaxLimit)
            {
                return TypedResults.Problem($"limit must be from 1 to {MaxLimit}.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (after is { Length: > 64 })
            {
                return TypedResults.Problem("after must be a watch id from an earlier page.", statusCode: StatusCodes.Status400BadRequest);
            }

            // One more than asked says whether another page follows.
            var page = await store.ListAllWatchesAsync(after, take + 1, ct);
            var shown = page.Take(take).Select(WatchResponse.Of).ToList();
            return TypedResults.Ok(new WatchesPage(shown, page.Count > take ? shown[^1].Id : null));
        }).WithTags("Watches").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }
}

/// <param name="Next">The <c>after</c> value of the next page; null on the last.</param>
internal sealed record WatchesPage(IReadOnlyList<WatchResponse> Watches, string? Next);

internal sealed record WatchResponse(
    string Id, string Channel, string Endpoint, string? Store, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? CheckedAt, string? LastResult, DateTimeOffset? NotAfter, string? Issuer, string? Root, bool? StoreTrusted,
    DateTimeOffset? UnreachableSince)
{
    public static WatchResponse Of(Watch w) => new(w.Id, w.ChannelKey, w.Endpoint, w.Store, w.CreatedBy, w.CreatedAt,
        w.State.CheckedAt, w.State.Summary, w.State.NotAfter, w.State.Issuer, w.State.Root, w.State.StoreTrusted, w.State.UnreachableSince);
}
