using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PortfolioSample.Worker.Messaging;

namespace PortfolioSample.Worker.Hosting;

internal static class ObservabilityExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported over OTLP when the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT variable is set. Without an exporter the pipeline is not registered at all:
    /// telemetry that goes nowhere would still cost an activity and a log record per message. The meters (ASP.NET
    /// Core's and <see cref="WorkerMetrics"/>) stay readable locally with `dotnet-counters` either way. The console
    /// log format (simple or json) comes from configuration.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(WorkerMetrics.MeterName))
            .WithTracing(tracing => tracing
                .AddSource(WorkerMetrics.MeterName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)))
            .UseOtlpExporter();
        return builder;
    }
}
