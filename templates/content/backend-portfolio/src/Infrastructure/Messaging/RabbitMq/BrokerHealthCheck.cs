using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>
/// Readiness: the process can reach the broker it publishes to or consumes from (it opens the connection when needed).
/// </summary>
public sealed class BrokerHealthCheck(RabbitMqConnection broker) : IHealthCheck
{
    public const string Name = "rabbitmq";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var connection = await broker.GetAsync(timeout.Token);
            return connection.IsOpen
                ? HealthCheckResult.Healthy($"RabbitMQ is reachable; queue '{broker.Options.QueueName}'.")
                : HealthCheckResult.Unhealthy("The RabbitMQ connection is closed.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ is unreachable: check ConnectionStrings:RabbitMq and that the broker is running.", exception);
        }
    }
}
