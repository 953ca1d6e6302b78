using ChangeBot.Core.Storage;

namespace ChangeBot.Api;

internal static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/unanswered", async (IUnansweredStore store, int? max, CancellationToken ct) =>
            TypedResults.Ok(await store.ListUnansweredAsync(Math.Clamp(max ?? 100, 1, 1000), ct)))
            .WithTags("Reports");

        api.MapGet("/audit", async (IAuditLog store, int? max, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAuditAsync(Math.Clamp(max ?? 100, 1, 1000), ct)))
            .WithTags("Reports");
        return api;
    }
}
