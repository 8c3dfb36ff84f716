using Microsoft.AspNetCore.Diagnostics.HealthChecks;
#if (UseRabbitMq)
using PortfolioSample.Worker.Messaging.RabbitMq;
#endif

namespace PortfolioSample.Worker.Hosting;

internal static class HealthCheckExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddWorkerHealthChecks(this IServiceCollection services)
    {
#if (UseRabbitMq)
        services.AddHealthChecks()
            .AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<BrokerHealthCheck>(BrokerHealthCheck.Name, tags: [ReadyTag]);
#else
        // The queue is a table of the database, so the database check covers it.
        services.AddHealthChecks().AddCheck<DatabaseSchemaHealthCheck>("database", tags: [ReadyTag]);
#endif
        return services;
    }

    /// <summary>
    /// Liveness answers as long as the process runs (an orchestrator restarts it otherwise); readiness also checks
#if (UseRabbitMq)
    /// that the database answers with an up-to-date schema and that the broker is reachable.
#else
    /// that the database, which holds the queue, answers with an up-to-date schema.
#endif
    /// </summary>
    public static IEndpointRouteBuilder MapWorkerHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
