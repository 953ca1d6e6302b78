using ChangeBot.Core.Storage;
using Hangfire;
using Microsoft.AspNetCore.Mvc;

namespace ChangeBot.Hosting;

internal static class HealthEndpoints
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        // Liveness: the process answers.
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();

        // Readiness: the store and the job storage answer.
        app.MapGet("/readyz", async ([FromServices] IChangeBotStore store, [FromServices] JobStorage jobs, CancellationToken ct) =>
        {
            var storeOk = await SafeAsync(() => store.PingAsync(ct));
            var jobsOk = await SafeAsync(() =>
            {
                using var connection = jobs.GetConnection();
                connection.GetAllItemsFromSet("recurring-jobs");
                return Task.FromResult(true);
            });
            var body = new { status = storeOk && jobsOk ? "ready" : "unavailable", store = storeOk, jobStorage = jobsOk };
            return storeOk && jobsOk ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<bool> SafeAsync(Func<Task<bool>> probe)
    {
        try
        {
            return await probe();
        }
        catch (Exception)
        {
            return false;
        }
    }
}
