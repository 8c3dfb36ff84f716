using Microsoft.AspNetCore.Diagnostics.HealthChecks;
#if (UseRabbitMq)
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
#endif
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Hosting;

internal static class HealthCheckExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
#if (UseRabbitMq)
        services.AddHealthChecks()
            .AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<BrokerHealthCheck>(BrokerHealthCheck.Name, tags: [ReadyTag]);
#else
        services.AddHealthChecks().AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag]);
#endif
        return services;
    }

    /// <summary>
    /// Liveness answers as long as the process can serve requests (an orchestrator restarts it otherwise);
    /// readiness also checks that the database answers with an up-to-date schema (an orchestrator stops routing
    /// traffic to it otherwise).
    /// </summary>
    public static IEndpointRouteBuilder MapApiHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .DisableRateLimiting();
        return endpoints;
    }
}
