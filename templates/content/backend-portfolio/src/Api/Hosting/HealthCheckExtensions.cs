using Microsoft.AspNetCore.Diagnostics.HealthChecks;
#if (UseRabbitMq)
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
#endif
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Hosting;

internal static class HealthCheckExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Registers the checks behind the readiness probe.</summary>
    public static IServiceCollection AddHealthProbes(this IServiceCollection services)
    {
#if (UseRabbitMq)
        services.AddHealthChecks()
            .AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<BrokerHealthCheck>(BrokerHealthCheck.Name, tags: [ReadyTag]);
#elif (NoMessaging)
        services.AddHealthChecks().AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag]);
#else
        // Without a broker, messages wait in tables of the database, so the database check covers them.
        services.AddHealthChecks().AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag]);
#endif
        return services;
    }

    /// <summary>
    /// Liveness answers as long as the process runs (an orchestrator restarts it otherwise); readiness also checks
#if (UseRabbitMq)
    /// that the database answers with an up-to-date schema and that the broker is reachable (an orchestrator stops
    /// routing traffic to it otherwise). Probes are never rate-limited, whatever limiter the app has: an orchestrator
    /// that got 429 would take a healthy instance out.
#else
    /// that the database answers with an up-to-date schema (an orchestrator stops routing traffic to it otherwise).
    /// Probes are never rate-limited, whatever limiter the app has: an orchestrator that got 429 would take a healthy
    /// instance out.
#endif
    /// </summary>
    public static IEndpointRouteBuilder MapHealthProbes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .DisableRateLimiting();
        return endpoints;
    }
}
