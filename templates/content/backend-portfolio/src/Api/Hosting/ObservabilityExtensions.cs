using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PortfolioSample.Api.Hosting;

internal static class ObservabilityExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported over OTLP when the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT variable is set. Without an exporter the pipeline is not registered at all:
    /// telemetry that goes nowhere would still cost an activity and a log record per request or message. The meters
    /// (ASP.NET Core's and the app's own) stay readable locally with `dotnet-counters` either way. The console log
    /// format (simple or json) comes from configuration.
    /// </summary>
    /// <param name="builder">The app being built.</param>
    /// <param name="appTelemetryName">The name of the app's own meter, and of its activity source where it has one.</param>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder, string appTelemetryName)
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
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(appTelemetryName))
            .WithTracing(tracing => tracing
                .AddSource(appTelemetryName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }
}
