using ChangeBot.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChangeBot.Hosting;

internal static class TelemetryRegistration
{
    /// <summary>
    /// OpenTelemetry metrics and traces for the bot, HTTP in and out, and Hangfire's workers. Exported by
    /// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard variable); otherwise collected
    /// in process only. JSON console logs: <c>Logging__Console__FormatterName=json</c>.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("changebot"))
            .WithMetrics(m =>
            {
                m.AddMeter(ChangeBotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            })
            .WithTracing(t =>
            {
                t.AddSource(ChangeBotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });
        return builder;
    }
}
