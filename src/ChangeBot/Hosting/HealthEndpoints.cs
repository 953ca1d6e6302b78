using System.Text.Json;
using ChangeBot.Core.Storage;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChangeBot.Hosting;

/// <summary>ASP.NET Core health checks: <c>/healthz</c> is liveness (the process answers, no check runs);
/// <c>/readyz</c> is readiness (the store and the job storage answer).</summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";
    private const string StoreCheck = "store";
    private const string JobStorageCheck = "jobStorage";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>(StoreCheck, tags: [Ready])
            .AddCheck<JobStorageHealthCheck>(JobStorageCheck, tags: [Ready]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        return app;
    }

    /// <summary><c>{"status":"ready","store":true,"jobStorage":true}</c>; "ok" for liveness, "unavailable" with 503.</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["status"] = report.Entries.Count == 0 ? "ok" : report.Status == HealthStatus.Healthy ? "ready" : "unavailable",
        };
        foreach (var (name, entry) in report.Entries)
        {
            body[name] = entry.Status == HealthStatus.Healthy;
        }

        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private sealed class StoreHealthCheck(IChangeBotStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the store did not answer");
    }

    private sealed class JobStorageHealthCheck(JobStorage jobs) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var connection = jobs.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
