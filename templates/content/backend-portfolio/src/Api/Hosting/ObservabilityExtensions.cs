using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PortfolioSample.Api.Features.Orders;

namespace PortfolioSample.Api.Hosting;

internal static class ObservabilityExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported over OTLP when the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT variable is set. Without an exporter the pipeline is not registered at all:
    /// telemetry that goes nowhere would still cost an activity and a log record per request. The meters
    /// (ASP.NET Core's and <see cref="OrderMetrics"/>) stay readable locally with `dotnet-counters` either way.
    /// The console log format (simple or json) comes from configuration.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OrderMetrics>();
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
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(OrderMetrics.MeterName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }
}
